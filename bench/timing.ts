/** Wall-clock measurement of one pass over N records, and the table the bench prints. */
export interface Measurement {
  readonly name: string;
  readonly records: number;
  readonly ms: number;
  /** Peak resident set size of the process during the pass, when sampled. */
  readonly peakRssMb?: number;
  readonly note?: string;
}

export async function measure(name: string, records: number, pass: () => void | Promise<void>): Promise<Measurement> {
  const start = process.hrtime.bigint();
  await pass();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { name, records, ms };
}

export function renderTable(rows: readonly Measurement[]): string {
  const withMemory = rows.some((r) => r.peakRssMb !== undefined);
  const withNote = rows.some((r) => r.note !== undefined);
  const header = ['benchmark', 'records', 'ms', 'records/s', 'ns/record', ...(withMemory ? ['peak RSS MB'] : []), ...(withNote ? ['note'] : [])];
  const cells = rows.map((r) => [
    r.name,
    r.records.toLocaleString('en-US'),
    r.ms.toFixed(1),
    Math.round((r.records / r.ms) * 1000).toLocaleString('en-US'),
    Math.round((r.ms * 1e6) / r.records).toLocaleString('en-US'),
    ...(withMemory ? [r.peakRssMb === undefined ? '' : r.peakRssMb.toFixed(0)] : []),
    ...(withNote ? [r.note ?? ''] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i === 6 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
