/** ksqlDB's `KSQL_COL_n` counter (skipping names the source uses) and `_1` suffixes for clashes. */
export class GeneratedNames {
  private counter = 0;
  private readonly used: Set<string>;

  constructor(sourceNames: readonly string[]) {
    this.used = new Set(sourceNames);
  }

  next(): string {
    let name = `KSQL_COL_${this.counter++}`;
    while (this.used.has(name)) name = `KSQL_COL_${this.counter++}`;
    this.used.add(name);
    return name;
  }

  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}
