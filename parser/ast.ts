/**
 * The typed AST. Every node is readonly, has a `kind` discriminant and a `span` into the statement
 * text. Unquoted identifiers are already folded to upper case; back-quoted ones keep their case.
 */
import type { Span } from '../common/span.ts';

interface Node {
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Types

export type PrimitiveTypeName =
  | 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'TIMESTAMP' | 'DATE' | 'TIME';

export type TypeNode =
  | (Node & { readonly kind: 'PrimitiveType'; readonly name: PrimitiveTypeName })
  | (Node & { readonly kind: 'DecimalType'; readonly precision: number; readonly scale: number })
  | (Node & { readonly kind: 'ArrayType'; readonly element: TypeNode })
  | (Node & { readonly kind: 'MapType'; readonly key: TypeNode; readonly value: TypeNode })
  | (Node & { readonly kind: 'StructType'; readonly fields: readonly { readonly name: string; readonly type: TypeNode }[] })
  /** A name defined with CREATE TYPE. */
  | (Node & { readonly kind: 'CustomType'; readonly name: string });

// ---------------------------------------------------------------------------------------------
// Expressions

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | (Node & { readonly kind: 'NullLiteral' })
  | (Node & { readonly kind: 'BooleanLiteral'; readonly value: boolean })
  /** Digits only, e.g. `42`. The planner picks INTEGER or BIGINT by range. */
  | (Node & { readonly kind: 'IntegerLiteral'; readonly text: string })
  /** With a point and no exponent, e.g. `1.50`: a DECIMAL literal in ksqlDB. */
  | (Node & { readonly kind: 'DecimalLiteral'; readonly text: string })
  /** With an exponent, e.g. `1.5E3`: a DOUBLE literal. */
  | (Node & { readonly kind: 'DoubleLiteral'; readonly text: string })
  | (Node & { readonly kind: 'StringLiteral'; readonly value: string })
  /** e.g. `DATE '2020-01-01'`, `TIMESTAMP '...'`, `TIME '...'`. */
  | (Node & { readonly kind: 'TypedLiteral'; readonly type: TypeNode; readonly value: string })
  /** `NAME` or `SRC.NAME`. May also name a lambda parameter; the planner decides. */
  | (Node & { readonly kind: 'ColumnRef'; readonly source?: string; readonly name: string })
  /** `base->field` */
  | (Node & { readonly kind: 'Dereference'; readonly base: Expr; readonly field: string })
  /** `base[index]` */
  | (Node & { readonly kind: 'Subscript'; readonly base: Expr; readonly index: Expr })
  /** `f(a, b)`; `COUNT(*)` has `star: true` and no args. */
  | (Node & { readonly kind: 'FunctionCall'; readonly name: string; readonly args: readonly Expr[]; readonly star: boolean })
  /** `x => body` or `(x, y) => body`. */
  | (Node & { readonly kind: 'Lambda'; readonly params: readonly string[]; readonly body: Expr })
  | (Node & { readonly kind: 'Arithmetic'; readonly op: ArithmeticOp; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'Concat'; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'Negate'; readonly operand: Expr })
  | (Node & { readonly kind: 'Comparison'; readonly op: ComparisonOp; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'IsDistinctFrom'; readonly not: boolean; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'And'; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'Or'; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly kind: 'Not'; readonly operand: Expr })
  | (Node & { readonly kind: 'IsNull'; readonly not: boolean; readonly operand: Expr })
  | (Node & { readonly kind: 'Between'; readonly not: boolean; readonly operand: Expr; readonly low: Expr; readonly high: Expr })
  | (Node & { readonly kind: 'In'; readonly not: boolean; readonly operand: Expr; readonly list: readonly Expr[] })
  | (Node & { readonly kind: 'Like'; readonly not: boolean; readonly operand: Expr; readonly pattern: Expr; readonly escape?: string })
  /** Simple CASE has an operand; searched CASE does not. */
  | (Node & { readonly kind: 'Case'; readonly operand?: Expr; readonly whens: readonly WhenClause[]; readonly else?: Expr })
  | (Node & { readonly kind: 'Cast'; readonly operand: Expr; readonly type: TypeNode })
  | (Node & { readonly kind: 'ArrayConstructor'; readonly elements: readonly Expr[] })
  | (Node & { readonly kind: 'MapConstructor'; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[] })
  | (Node & { readonly kind: 'StructConstructor'; readonly fields: readonly { readonly name: string; readonly value: Expr }[] })
  | (Node & { readonly kind: 'AtTimeZone'; readonly operand: Expr; readonly zone: string })
  /** `${name}` left in the text because no variable of that name was defined. */
  | (Node & { readonly kind: 'VariableRef'; readonly name: string })
  /** A time unit passed as a function argument, e.g. `DATEADD(DAYS, 1, d)`. */
  | (Node & { readonly kind: 'IntervalUnit'; readonly unit: TimeUnit });

export interface WhenClause {
  readonly when: Expr;
  readonly then: Expr;
}

export type ExprKind = Expr['kind'];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// Queries

/** Normalized plural time unit, e.g. `SECONDS`. */
export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export interface Duration extends Node {
  readonly value: number;
  /** Normalized plural unit, e.g. `SECONDS`. */
  readonly unit: TimeUnit;
  readonly millis: number;
}

export type WindowSpec =
  | (Node & { readonly kind: 'Tumbling'; readonly size: Duration; readonly retention?: Duration; readonly grace?: Duration })
  | (Node & { readonly kind: 'Hopping'; readonly size: Duration; readonly advance: Duration; readonly retention?: Duration; readonly grace?: Duration })
  | (Node & { readonly kind: 'Session'; readonly gap: Duration; readonly retention?: Duration; readonly grace?: Duration });

export type SelectItem =
  | (Node & { readonly kind: 'SelectExpr'; readonly expr: Expr; readonly alias?: string })
  /** `*` or `SRC.*` */
  | (Node & { readonly kind: 'SelectAll'; readonly source?: string })
  /** `struct->*` */
  | (Node & { readonly kind: 'SelectStructAll'; readonly expr: Expr });

export interface AliasedSource extends Node {
  readonly kind: 'SourceRef';
  readonly name: string;
  readonly alias?: string;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';

export interface JoinWindow extends Node {
  readonly before: Duration;
  readonly after: Duration;
  readonly grace?: Duration;
}

export interface JoinClause extends Node {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly right: AliasedSource;
  readonly within?: JoinWindow;
  readonly on: Expr;
}

/** `FROM a [JOIN b ...]*`; the joins apply left to right. */
export interface FromClause extends Node {
  readonly source: AliasedSource;
  readonly joins: readonly JoinClause[];
}

export interface Query extends Node {
  readonly kind: 'Query';
  readonly select: readonly SelectItem[];
  readonly from: FromClause;
  readonly window?: WindowSpec;
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly partitionBy?: readonly Expr[];
  readonly having?: Expr;
  /** Absent for a pull query. */
  readonly emit?: 'CHANGES' | 'FINAL';
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Statements

/** `WITH (NAME = literal, ...)`; names upper-cased. */
export interface Property extends Node {
  readonly name: string;
  readonly value: Expr;
}

export type ColumnConstraint = 'KEY' | 'PRIMARY KEY' | 'HEADERS' | { readonly header: string };

export interface TableElement extends Node {
  readonly name: string;
  readonly type: TypeNode;
  readonly constraint?: ColumnConstraint;
}

export type SourceType = 'STREAM' | 'TABLE';

export interface WatermarkSpec extends Node {
  /** The event-time column. */
  readonly column: string;
  /** How far the watermark trails the largest event time seen; zero without an INTERVAL. */
  readonly delayMs: number;
}

export type ShowTarget =
  | 'STREAMS' | 'TABLES' | 'TOPICS' | 'QUERIES' | 'PROPERTIES' | 'FUNCTIONS' | 'TYPES' | 'VARIABLES'
  | 'CONNECTORS' | 'CONNECTOR PLUGINS';

interface StatementNode extends Node {
  /** The statement's own text, without the trailing `;`. */
  readonly text: string;
}

export type Statement =
  | (StatementNode & Query)
  | (StatementNode & {
      readonly kind: 'CreateSource';
      readonly sourceType: SourceType;
      readonly orReplace: boolean;
      /** `CREATE SOURCE STREAM|TABLE`: read-only. */
      readonly isSource: boolean;
      readonly ifNotExists: boolean;
      readonly name: string;
      readonly elements: readonly TableElement[];
      readonly properties: readonly Property[];
      /** `WATERMARK FOR col AS col - INTERVAL n unit`: event time from `col`, windows close on the watermark. */
      readonly watermark?: WatermarkSpec;
    })
  | (StatementNode & {
      readonly kind: 'CreateAsSelect';
      readonly sourceType: SourceType;
      readonly orReplace: boolean;
      readonly ifNotExists: boolean;
      readonly name: string;
      readonly properties: readonly Property[];
      readonly query: Query;
    })
  | (StatementNode & { readonly kind: 'InsertInto'; readonly target: string; readonly properties: readonly Property[]; readonly query: Query })
  | (StatementNode & { readonly kind: 'InsertValues'; readonly target: string; readonly columns?: readonly string[]; readonly values: readonly Expr[] })
  | (StatementNode & { readonly kind: 'DropSource'; readonly sourceType: SourceType; readonly ifExists: boolean; readonly name: string; readonly deleteTopic: boolean })
  | (StatementNode & { readonly kind: 'Show'; readonly target: ShowTarget; readonly extended: boolean; readonly all: boolean; readonly connectorType?: 'SOURCE' | 'SINK' })
  /** `DESCRIBE name [EXTENDED]`, and `DESCRIBE STREAMS|TABLES [EXTENDED]` (which has no name). */
  | (StatementNode & { readonly kind: 'Describe'; readonly name?: string; readonly listing?: 'STREAMS' | 'TABLES'; readonly extended: boolean })
  | (StatementNode & { readonly kind: 'DescribeFunction'; readonly name: string })
  | (StatementNode & { readonly kind: 'DescribeConnector'; readonly name: string })
  /** `EXPLAIN <statement>` or `EXPLAIN <queryId>`. */
  | (StatementNode & { readonly kind: 'Explain'; readonly statement?: Statement; readonly queryId?: string })
  | (StatementNode & { readonly kind: 'QueryControl'; readonly action: 'TERMINATE' | 'PAUSE' | 'RESUME'; readonly queryId?: string; readonly all: boolean })
  | (StatementNode & { readonly kind: 'Print'; readonly topic: string; readonly fromBeginning: boolean; readonly interval?: number; readonly limit?: number })
  | (StatementNode & { readonly kind: 'SetProperty'; readonly name: string; readonly value: string })
  | (StatementNode & { readonly kind: 'UnsetProperty'; readonly name: string })
  | (StatementNode & { readonly kind: 'AlterSystem'; readonly name: string; readonly value: string })
  | (StatementNode & { readonly kind: 'DefineVariable'; readonly name: string; readonly value: string })
  | (StatementNode & { readonly kind: 'UndefineVariable'; readonly name: string })
  | (StatementNode & { readonly kind: 'CreateType'; readonly name: string; readonly ifNotExists: boolean; readonly type: TypeNode })
  | (StatementNode & { readonly kind: 'DropType'; readonly name: string; readonly ifExists: boolean })
  | (StatementNode & { readonly kind: 'AlterSource'; readonly sourceType: SourceType; readonly name: string; readonly columns: readonly TableElement[] })
  | (StatementNode & { readonly kind: 'AssertTopic'; readonly exists: boolean; readonly name: string; readonly properties: readonly Property[]; readonly timeout?: Duration })
  | (StatementNode & { readonly kind: 'AssertSchema'; readonly exists: boolean; readonly subject?: string; readonly id?: number; readonly timeout?: Duration })
  | (StatementNode & { readonly kind: 'CreateConnector'; readonly connectorType: 'SOURCE' | 'SINK'; readonly ifNotExists: boolean; readonly name: string; readonly properties: readonly Property[] })
  | (StatementNode & { readonly kind: 'DropConnector'; readonly ifExists: boolean; readonly name: string });

export type StatementKind = Statement['kind'];
export type StatementOf<K extends StatementKind> = Extract<Statement, { kind: K }>;
