/**
 * The parser's public API: split a script, substitute variables, parse statements to the AST in
 * ast.ts, and format expressions and types the way ksqlDB prints them.
 */
export { parseStatement, parseStatements } from './parse.ts';
export { splitStatements, type StatementSlice } from './split-statements.ts';
export { substituteVariables } from './substitute-variables.ts';
export { formatExpr, formatIdentifier, type FormatOptions } from './format-expr.ts';
export { formatType } from './format-type.ts';
export type * from './ast.ts';
