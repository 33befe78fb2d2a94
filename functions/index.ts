import type { AggregateFunction, ScalarFunction, TableFunction } from './function.ts';
import { FunctionRegistry } from './registry.ts';
import { lcase, ucase, initcapFn } from './scalar/string/case.ts';
import { concat, concatWs } from './scalar/string/concat.ts';
import { substring, len } from './scalar/string/substring.ts';
import { lpadFn, rpadFn } from './scalar/string/pad.ts';
import { trim, ltrim, rtrim } from './scalar/string/trim.ts';
import { replace, regexpReplace, regexpExtract, regexpExtractAll, regexpSplitToArray } from './scalar/string/replace.ts';
import { split, splitToMapFn } from './scalar/string/split.ts';
import { instrFn } from './scalar/string/instr.ts';
import { mask, maskKeepLeft, maskKeepRight, maskLeft, maskRight } from './scalar/string/mask.ts';
import { chr } from './scalar/string/chr.ts';
import { elt, field } from './scalar/string/elt-field.ts';
import { uuid } from './scalar/string/uuid.ts';
import { md5 } from './scalar/string/md5.ts';
import { encodeFn, toBytes, fromBytesFn } from './scalar/bytes/encode.ts';
import { intFromBytes, bigintFromBytes, doubleFromBytes } from './scalar/bytes/number-from-bytes.ts';
import { abs, sign } from './scalar/math/abs-sign.ts';
import { round, trunc, floor, ceil } from './scalar/math/rounding.ts';
import * as doubleMath from './scalar/math/double-math.ts';
import { least, greatest } from './scalar/math/greatest-least.ts';
import { geoDistanceFn } from './scalar/math/geo-distance.ts';
import { ifnull, coalesce, nullif } from './scalar/null/null-functions.ts';
import { extractJsonField } from './scalar/json/extract-json-field.ts';
import * as json from './scalar/json/json-functions.ts';
import { toJsonString } from './scalar/json/to-json-string.ts';
import { arrayContains, arrayLength, arrayRemove, arrayConcat, sliceFn, asMap } from './scalar/array/array-basics.ts';
import { arrayMax, arrayMin, arraySort } from './scalar/array/array-order.ts';
import { arrayDistinct, arrayExcept, arrayIntersect, arrayUnion } from './scalar/array/array-sets.ts';
import { arrayJoin } from './scalar/array/array-join.ts';
import { generateSeries } from './scalar/array/generate-series.ts';
import { mapKeys, mapValues, mapUnion, entriesFn } from './scalar/map/map-functions.ts';
import { transform, filter, reduce } from './scalar/lambda/lambda-functions.ts';
import * as timestamps from './scalar/date/timestamp-format.ts';
import * as dates from './scalar/date/date-time-format.ts';
import * as epoch from './scalar/date/epoch.ts';
import * as dateArithmetic from './scalar/date/date-arithmetic.ts';
import { asValue } from './scalar/misc/as-value.ts';
import * as urls from './scalar/url/url-functions.ts';
import { explode, cubeExplode } from './table/explode.ts';
import { count } from './aggregate/count.ts';
import { sum } from './aggregate/sum.ts';
import { avg } from './aggregate/avg.ts';
import { min, max } from './aggregate/min-max.ts';
import { collectListFn, collectSetFn } from './aggregate/collect.ts';
import { histogram } from './aggregate/histogram.ts';
import { countDistinct } from './aggregate/count-distinct.ts';
import { topK } from './aggregate/topk.ts';
import { topKDistinct } from './aggregate/topk-distinct.ts';
import { earliestByOffset } from './aggregate/earliest-by-offset.ts';
import { latestByOffset } from './aggregate/latest-by-offset.ts';
import { stddevSamp, stddevSample } from './aggregate/stddev.ts';
import { correlation } from './aggregate/correlation.ts';
import { attr } from './aggregate/attr.ts';

export const SCALAR_FUNCTIONS: readonly ScalarFunction[] = [
  // string
  lcase, ucase, initcapFn, concat, concatWs, substring, len, lpadFn, rpadFn, trim, ltrim, rtrim,
  replace, regexpReplace, regexpExtract, regexpExtractAll, regexpSplitToArray, split, splitToMapFn,
  instrFn, mask, maskKeepLeft, maskKeepRight, maskLeft, maskRight, chr, elt, field, uuid, md5,
  // bytes
  encodeFn, toBytes, fromBytesFn, intFromBytes, bigintFromBytes, doubleFromBytes,
  // math
  abs, sign, round, trunc, floor, ceil, least, greatest, geoDistanceFn, ...Object.values(doubleMath),
  // null handling
  ifnull, coalesce, nullif,
  // json
  extractJsonField, toJsonString, ...Object.values(json),
  // arrays and maps
  arrayContains, arrayLength, arrayRemove, arrayConcat, sliceFn, asMap, arrayMax, arrayMin, arraySort,
  arrayDistinct, arrayExcept, arrayIntersect, arrayUnion, arrayJoin, generateSeries,
  mapKeys, mapValues, mapUnion, entriesFn,
  // lambdas
  transform, filter, reduce,
  // date and time
  ...Object.values(timestamps), ...Object.values(dates), ...Object.values(epoch), ...Object.values(dateArithmetic),
  // urls
  ...Object.values(urls),
  // other
  asValue,
];

export const TABLE_FUNCTIONS: readonly TableFunction[] = [explode, cubeExplode];

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = [
  count, sum, avg, min, max, collectListFn, collectSetFn, histogram, countDistinct, topK, topKDistinct,
  earliestByOffset, latestByOffset, stddevSamp, stddevSample, correlation, attr,
];

/** A registry with every built-in scalar, table and aggregate function. */
export function createDefaultRegistry(): FunctionRegistry {
  const registry = new FunctionRegistry();
  for (const f of SCALAR_FUNCTIONS) registry.registerScalar(f);
  for (const f of TABLE_FUNCTIONS) registry.registerTable(f);
  for (const f of AGGREGATE_FUNCTIONS) registry.registerAggregate(f);
  return registry;
}

export { FunctionRegistry } from './registry.ts';
export type { FunctionSummary, FunctionDescription, FunctionType } from './registry.ts';
export { zipTableResults } from './table/explode.ts';
export type * from './function.ts';
