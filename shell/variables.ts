const REFERENCE = /(\$?)\$\{([A-Za-z_]\w*)\}/g;

/**
 * The shell's session variables (DEFINE, --define). Names match case-insensitively, as in
 * ksqlDB's substitution; they are sent with every request as `sessionVariables`, and the server
 * substitutes them in statements. The shell substitutes them itself only in its own commands
 * (`RUN SCRIPT '${dir}/setup.sql'`, `SET 'p'='${v}'`), which never reach the server.
 */
export class SessionVariables {
  private readonly values = new Map<string, { readonly name: string; readonly value: string }>();

  define(name: string, value: string): void {
    this.values.set(name.toUpperCase(), { name, value });
  }

  /** False when no such variable was defined. */
  undefine(name: string): boolean {
    return this.values.delete(name.toUpperCase());
  }

  /** As sent to the server, in definition order. */
  toRecord(): Record<string, string> {
    return Object.fromEntries([...this.values.values()].map((v) => [v.name, v.value]));
  }

  /** `${name}` replaced by its value; `$${name}` escapes; unknown names stay as they are. */
  substitute(text: string): string {
    return text.replace(REFERENCE, (whole: string, escape: string, name: string) => {
      if (escape) return whole.slice(1);
      return this.values.get(name.toUpperCase())?.value ?? whole;
    });
  }
}
