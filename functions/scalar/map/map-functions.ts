import { type SqlType, array, struct, STRING } from '../../../common/types.ts';
import type { BoundTypes, ScalarFunction } from '../../function.ts';
import type { Struct } from '../../../common/types.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

type AnyMap = Map<unknown, unknown>;

export const mapKeys: ScalarFunction = {
  name: 'map_keys',
  category: 'MAP',
  description: 'The keys of a map, as an array.',
  signatures: [sig([P.map(P.K, P.V)], P.array(P.K), (m: AnyMap) => [...m.keys()], { names: ['map'] })],
};

export const mapValues: ScalarFunction = {
  name: 'map_values',
  category: 'MAP',
  description: 'The values of a map, as an array.',
  signatures: [sig([P.map(P.K, P.V)], P.array(P.V), (m: AnyMap) => [...m.values()], { names: ['map'] })],
};

export const mapUnion: ScalarFunction = {
  name: 'map_union',
  category: 'MAP',
  description: 'Merges two maps; on a shared key the second map wins. A null map counts as empty.',
  signatures: [
    sig([P.map(P.K, P.V), P.map(P.K, P.V)], P.map(P.K, P.V), (a: AnyMap | null, b: AnyMap | null) => {
      if (a == null && b == null) return null;
      return new Map([...(a ?? []), ...(b ?? [])]);
    }, { nullSafe: true, names: ['map1', 'map2'] }),
  ],
};

/** ARRAY<STRUCT<K STRING, V value-type>>. */
const entriesType = (t: BoundTypes): SqlType => {
  const m = t.paramTypes[0];
  const value = m?.kind === 'MAP' ? m.value : STRING;
  return array(struct([{ name: 'K', type: STRING }, { name: 'V', type: value }]));
};

function entries(m: Map<string, unknown>, sorted: boolean): Struct[] {
  const list = [...m].map(([k, v]): Struct => ({ K: k, V: v }));
  if (sorted) list.sort((x, y) => ((x.K as string) < (y.K as string) ? -1 : (x.K as string) > (y.K as string) ? 1 : 0));
  return list;
}

export const entriesFn: ScalarFunction = {
  name: 'entries',
  category: 'MAP',
  description: 'The entries of a map as an array of structs with fields K and V, optionally sorted by key.',
  signatures: [sig([P.map(P.STRING, P.T), P.BOOLEAN], entriesType, entries, { names: ['map', 'sorted'] })],
};
