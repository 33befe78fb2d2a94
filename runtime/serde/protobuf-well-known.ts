type Obj = Record<string, unknown>;

const DAY_MS = 86_400_000;
const num = (v: unknown): number => (v === undefined || v === null ? 0 : Number(String(v)));

/** The well-known messages ksqlDB maps to TIMESTAMP (epoch ms), DATE (epoch days) and TIME (ms of day). */
export type TemporalMessage = '.google.protobuf.Timestamp' | '.google.type.Date' | '.google.type.TimeOfDay';

export const isTemporalMessage = (fullName: string): fullName is TemporalMessage =>
  fullName === '.google.protobuf.Timestamp' || fullName === '.google.type.Date' || fullName === '.google.type.TimeOfDay';

/** A decoded temporal message as its engine number; unset fields read as proto3 defaults. */
export function temporalFromMessage(fullName: TemporalMessage, m: Obj): number {
  switch (fullName) {
    case '.google.protobuf.Timestamp':
      return num(m['seconds']) * 1000 + Math.floor(num(m['nanos']) / 1e6);
    case '.google.type.Date':
      return Date.UTC(num(m['year']), num(m['month']) - 1, num(m['day'])) / DAY_MS;
    case '.google.type.TimeOfDay':
      return ((num(m['hours']) * 60 + num(m['minutes'])) * 60 + num(m['seconds'])) * 1000 + Math.floor(num(m['nanos']) / 1e6);
  }
}

/** The plain object `Type.fromObject` takes for an engine TIMESTAMP, DATE or TIME number. */
export function temporalToMessage(fullName: TemporalMessage, value: number): Obj {
  const mod = (a: number, b: number): number => ((a % b) + b) % b;
  switch (fullName) {
    case '.google.protobuf.Timestamp':
      return { seconds: String(Math.floor(value / 1000)), nanos: mod(value, 1000) * 1e6 };
    case '.google.type.Date': {
      const d = new Date(value * DAY_MS);
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    }
    case '.google.type.TimeOfDay':
      return {
        hours: Math.floor(value / 3_600_000),
        minutes: Math.floor(value / 60_000) % 60,
        seconds: Math.floor(value / 1000) % 60,
        nanos: mod(value, 1000) * 1e6,
      };
  }
}
