/** `WITH (...)` clauses: literal values by upper-case name, with ksqlDB's validation messages. */
import { AnalysisError } from '../common/errors.ts';
import type { Property } from '../parser/ast.ts';

export type PropertyValue = string | number | boolean;

export class WithClause {
  private readonly values = new Map<string, PropertyValue>();

  constructor(properties: readonly Property[]) {
    for (const p of properties) {
      const v = p.value;
      let value: PropertyValue;
      if (v.kind === 'StringLiteral') value = v.value;
      else if (v.kind === 'IntegerLiteral' || v.kind === 'DecimalLiteral' || v.kind === 'DoubleLiteral') value = Number(v.text);
      else if (v.kind === 'BooleanLiteral') value = v.value;
      else throw new AnalysisError(`Property ${p.name} must be a literal value`, p.span);
      this.values.set(p.name.toUpperCase(), value);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : String(v);
  }

  int(name: string): number | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n)) throw new AnalysisError(`Invalid value for ${name}: ${String(v)}. It must be an integer.`);
    return n;
  }

  boolean(name: string): boolean | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    const s = String(v).toLowerCase();
    if (s === 'true' || s === 'false') return s === 'true';
    throw new AnalysisError(`Invalid value for ${name}: ${String(v)}. It must be true or false.`);
  }

  names(): string[] {
    return [...this.values.keys()];
  }
}
