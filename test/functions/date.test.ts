import { describe, expect, it } from 'vitest';
import { BIGINT, DATE, INTEGER, STRING, TIME, TIMESTAMP } from '../../common/types.ts';
import { ProcessingError } from '../../common/errors.ts';
import { call, registry } from './helpers.ts';

const UNIT = { kind: 'INTERVAL_UNIT' } as const;

// Expected values come from timestamp*.json, stringtimestamp.json, convert-tz.json, stringdate.json,
// parse-*.json, format-*.json, datestring.json, dateadd/timeadd/timestampadd.json.
describe('date and time functions', () => {
  it('formats timestamps in a zone', () => {
    const f = registry.resolveScalar('TIMESTAMPTOSTRING', [BIGINT, STRING, STRING]);
    expect(f.invoke([1526075913000n, 'yyyy-MM-dd HH:mm:ss zzz', 'America/Los_Angeles'])).toBe('2018-05-11 14:58:33 PDT');
    expect(f.invoke([1526075913000n, 'yyyy-MM-dd HH:mm:ss zzz', 'Europe/London'])).toBe('2018-05-11 22:58:33 BST');
    expect(f.invoke([0n, 'yyyy-MM-dd HH:mm:ss Z', 'UTC'])).toBe('1970-01-01 00:00:00 +0000');
    expect(call('FORMAT_TIMESTAMP', [TIMESTAMP, STRING], [1526075913000, 'yyyy-MM-dd HH:mm:ss'])).toBe('2018-05-11 21:58:33');
    expect(call('FORMAT_TIMESTAMP', [TIMESTAMP, STRING], [1526075913123, "EEE, d MMM yy hh:mm:ss.SSS a '['X']'"])).toBe('Fri, 11 May 18 09:58:33.123 PM [Z]');
  });

  it('parses timestamps with offsets, zone names and fractions', () => {
    const s = registry.resolveScalar('STRINGTOTIMESTAMP', [STRING, STRING]);
    expect(s.invoke(['2018-05-11T21:58:33Z', "yyyy-MM-dd'T'HH:mm:ssX"])).toBe(1526075913000n);
    expect(s.invoke(['2020-05-11T21:58:33z', "yyyy-MM-dd'T'HH:mm:ssX"])).toBe(1589234313000n);
    expect(s.invoke(['2019-08-27T13:31:09.2+0000', "yyyy-MM-dd'T'HH:mm:ss.SX"])).toBe(1566912669200n);
    const p = registry.resolveScalar('PARSE_TIMESTAMP', [STRING, STRING]);
    expect(p.invoke(['2018-05-11T21:58:33', "yyyy-MM-dd'T'HH:mm:ss"])).toBe(1526075913000);
    expect(p.invoke(['2018-05-11T21:58:33 PST', "yyyy-MM-dd'T'HH:mm:ss zzz"])).toBe(1526101113000);
    expect(() => p.invoke(['nope', 'yyyy'])).toThrow(ProcessingError);
  });

  it('CONVERT_TZ shifts by the zones offset difference', () => {
    const f = registry.resolveScalar('CONVERT_TZ', [TIMESTAMP, STRING, STRING]);
    expect(f.invoke([100, '+0200', '+0500'])).toBe(10800100);
    expect(f.invoke([1589234313000, 'America/Los_Angeles', 'America/New_York'])).toBe(1589245113000);
  });

  it('dates and times with patterns', () => {
    const parse = registry.resolveScalar('PARSE_DATE', [STRING, STRING]);
    expect(parse.invoke(['2018-05-11Lit', "yyyy-MM-dd'Lit'"])).toBe(17662);
    expect(parse.invoke(['11/05/2019', 'dd/MM/yyyy'])).toBe(18027);
    expect(parse.invoke(['01-JAN-2022', 'dd-MMM-yyyy'])).toBe(18993);
    expect(parse.invoke(['JAN-2022', 'MMM-yyyy'])).toBe(18993);
    expect(call('STRINGTODATE', [STRING, STRING], ['20220101', 'yyyyMMdd'])).toBe(18993);
    const format = registry.resolveScalar('FORMAT_DATE', [DATE, STRING]);
    expect(format.invoke([18993, 'dd-MMM-yyyy'])).toBe('01-Jan-2022');
    expect(format.invoke([-1, "dd-MM-yyyy'Sophia'"])).toBe('31-12-1969Sophia');
    expect(call('DATETOSTRING', [INTEGER, STRING], [17662, 'yyyy-MM-dd'])).toBe('2018-05-11');
    const pt = registry.resolveScalar('PARSE_TIME', [STRING, STRING]);
    expect(pt.invoke(['00:01:05Lit', "HH:mm:ss'Lit'"])).toBe(65000);
    expect(pt.invoke(['11/05/19', 'HH/mm/ss'])).toBe(39919000);
    expect(pt.invoke(['01:00:00 Pm', 'hh:mm:ss a'])).toBe(46800000);
    const ft = registry.resolveScalar('FORMAT_TIME', [TIME, STRING]);
    expect(ft.invoke([65000, 'HH_mm_ss_SSS'])).toBe('00_01_05_000');
    expect(ft.invoke([1234567, "HHmmss'AAAAA'"])).toBe('002034AAAAA');
  });

  it('date arithmetic with unit keywords', () => {
    expect(call('DATEADD', [UNIT, INTEGER, DATE], ['DAYS', 10, 10])).toBe(20);
    expect(call('DATESUB', [UNIT, INTEGER, DATE], ['DAYS', 5, 10])).toBe(5);
    expect(call('TIMEADD', [UNIT, INTEGER, TIME], ['MILLISECONDS', 10, 86399995])).toBe(5);
    expect(call('TIMEADD', [UNIT, INTEGER, TIME], ['MILLISECONDS', -5, 2])).toBe(86399997);
    expect(call('TIMESTAMPADD', [UNIT, INTEGER, TIMESTAMP], ['MILLISECONDS', -5, 2])).toBe(-3);
    expect(call('TIMESTAMPADD', [UNIT, INTEGER, TIMESTAMP], ['MILLISECONDS', null, 2])).toBeNull();
  });

  it('epoch conversions', () => {
    expect(call('UNIX_TIMESTAMP', [TIMESTAMP], [1589234313000])).toBe(1589234313000n);
    expect(call('UNIX_DATE', [DATE], [100])).toBe(100);
    expect(call('FROM_UNIXTIME', [BIGINT], [100n])).toBe(100);
    expect(call('FROM_DAYS', [INTEGER], [-10])).toBe(-10);
    expect(Number(call('UNIX_TIMESTAMP', [], []))).toBeGreaterThan(100);
  });
});

describe('pattern engine facade', () => {
  it('parses and formats for other layers', async () => {
    const { parseWithPattern, formatWithPattern } = await import('../../functions/time/pattern.ts');
    expect(parseWithPattern('2018-05-11T21:58:33Z', "yyyy-MM-dd'T'HH:mm:ssX")).toBe(1526075913000);
    expect(parseWithPattern('not a timestamp', "yyyy-MM-dd'T'HH:mm:ssX")).toBeNull();
    expect(formatWithPattern(1526075913000, 'yyyy-MM-dd HH:mm:ss zzz', 'America/Los_Angeles')).toBe('2018-05-11 14:58:33 PDT');
  });
});
