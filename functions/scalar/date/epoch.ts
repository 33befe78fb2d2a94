import type { ScalarFunction } from '../../function.ts';
import { P } from '../../param-types.ts';
import { sig } from '../../define.ts';

const MS_PER_DAY = 86_400_000;

export const unixTimestamp: ScalarFunction = {
  name: 'unix_timestamp',
  category: 'DATE / TIME',
  description: 'Epoch milliseconds of a TIMESTAMP, or of now.',
  signatures: [
    sig([], P.BIGINT, () => BigInt(Date.now())),
    sig([P.TIMESTAMP], P.BIGINT, (ms: number) => BigInt(ms), { names: ['timestamp'] }),
  ],
};

export const unixDate: ScalarFunction = {
  name: 'unix_date',
  category: 'DATE / TIME',
  description: 'Days since the epoch of a DATE, or of today (UTC).',
  signatures: [
    sig([], P.INTEGER, () => Math.floor(Date.now() / MS_PER_DAY)),
    sig([P.DATE], P.INTEGER, (days: number) => days, { names: ['date'] }),
  ],
};

export const fromUnixtime: ScalarFunction = {
  name: 'from_unixtime',
  category: 'DATE / TIME',
  description: 'The TIMESTAMP for epoch milliseconds.',
  signatures: [sig([P.BIGINT], P.TIMESTAMP, (ms: bigint) => Number(ms), { names: ['epochMilli'] })],
};

export const fromDays: ScalarFunction = {
  name: 'from_days',
  category: 'DATE / TIME',
  description: 'The DATE for days since the epoch.',
  signatures: [sig([P.INTEGER], P.DATE, (days: number) => days, { names: ['days'] })],
};
