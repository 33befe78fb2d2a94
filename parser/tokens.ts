/**
 * Chevrotain token vocabulary for the ksqlDB dialect. Keywords come before `Identifier` and use it
 * as `longer_alt`; the ones ksqlDB lists as `nonReserved` also belong to the `NonReserved`
 * category so the grammar can accept them wherever an identifier is allowed.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_@]*/ });
export const NonReserved = createToken({ name: 'NonReserved', pattern: Lexer.NA });
/** Every window unit keyword, singular and plural. */
export const TimeUnit = createToken({ name: 'TimeUnit', pattern: Lexer.NA });

const keywordList: TokenType[] = [];
const keywordsByName = new Map<string, TokenType>();

function kw(word: string, nonReserved = false, extra: TokenType[] = []): TokenType {
  const categories = nonReserved ? [NonReserved, ...extra] : extra;
  const token = createToken({
    name: `Kw${word}`,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories,
  });
  keywordList.push(token);
  keywordsByName.set(word, token);
  return token;
}

// Order follows ksqlDB's lexer, which is the order ANTLR lists expected tokens in.
export const Emit = kw('EMIT', true);
export const Changes = kw('CHANGES', true);
export const Final = kw('FINAL', true);
export const Select = kw('SELECT');
export const From = kw('FROM');
export const As = kw('AS');
export const All = kw('ALL');
export const Distinct = kw('DISTINCT');
export const Where = kw('WHERE');
export const Within = kw('WITHIN');
export const Window = kw('WINDOW');
export const Group = kw('GROUP');
export const By = kw('BY');
export const Having = kw('HAVING');
export const Limit = kw('LIMIT');
export const At = kw('AT');
export const Or = kw('OR');
export const And = kw('AND');
export const In = kw('IN');
export const Not = kw('NOT');
export const Exists = kw('EXISTS');
export const Between = kw('BETWEEN');
export const Like = kw('LIKE');
export const Escape = kw('ESCAPE', true);
export const Is = kw('IS');
export const Null = kw('NULL');
export const True = kw('TRUE');
export const False = kw('FALSE');
export const Time = kw('TIME', true);
export const Interval = kw('INTERVAL', true);
/** `WATERMARK FOR col AS col - INTERVAL n unit` in a column list (Flink's form; beyond ksqlDB). */
export const Watermark = kw('WATERMARK', true);
export const For = kw('FOR', true);
export const Day = kw('DAY', true, [TimeUnit]);
export const Hour = kw('HOUR', true, [TimeUnit]);
export const Minute = kw('MINUTE', true, [TimeUnit]);
export const Second = kw('SECOND', true, [TimeUnit]);
export const Millisecond = kw('MILLISECOND', false, [TimeUnit]);
export const Days = kw('DAYS', false, [TimeUnit]);
export const Hours = kw('HOURS', false, [TimeUnit]);
export const Minutes = kw('MINUTES', false, [TimeUnit]);
export const Seconds = kw('SECONDS', false, [TimeUnit]);
export const Milliseconds = kw('MILLISECONDS', false, [TimeUnit]);
export const Zone = kw('ZONE', true);
export const Tumbling = kw('TUMBLING');
export const Hopping = kw('HOPPING');
export const Size = kw('SIZE', true);
export const Advance = kw('ADVANCE');
export const Retention = kw('RETENTION', true);
export const Grace = kw('GRACE', true);
export const Period = kw('PERIOD', true);
export const Case = kw('CASE');
export const When = kw('WHEN');
export const Then = kw('THEN');
export const Else = kw('ELSE');
export const End = kw('END');
export const Join = kw('JOIN');
export const Full = kw('FULL');
export const Outer = kw('OUTER');
export const Inner = kw('INNER');
export const Left = kw('LEFT');
export const Right = kw('RIGHT');
export const On = kw('ON');
export const Partition = kw('PARTITION', true);
export const Struct = kw('STRUCT', true);
export const With = kw('WITH');
export const Values = kw('VALUES');
export const Create = kw('CREATE');
export const Table = kw('TABLE');
export const Topic = kw('TOPIC', true);
export const Stream = kw('STREAM');
export const Streams = kw('STREAMS');
export const Insert = kw('INSERT');
export const Delete = kw('DELETE');
export const Into = kw('INTO');
export const Describe = kw('DESCRIBE');
export const Extended = kw('EXTENDED');
export const Print = kw('PRINT');
export const Explain = kw('EXPLAIN', true);
export const Type = kw('TYPE', true);
export const Types = kw('TYPES', true);
export const Cast = kw('CAST');
export const Show = kw('SHOW', true);
export const List = kw('LIST');
export const Tables = kw('TABLES', true);
export const Topics = kw('TOPICS');
export const Queries = kw('QUERIES');
export const Terminate = kw('TERMINATE');
export const Pause = kw('PAUSE', true);
export const Resume = kw('RESUME', true);
export const Column = kw('COLUMN', true);
export const Functions = kw('FUNCTIONS', true);
export const FunctionKw = kw('FUNCTION', true);
export const Drop = kw('DROP');
export const ArrayKw = kw('ARRAY', true);
export const MapKw = kw('MAP', true);
export const SetKw = kw('SET', true);
export const Define = kw('DEFINE', true);
export const Undefine = kw('UNDEFINE', true);
export const Session = kw('SESSION', true);
export const Sample = kw('SAMPLE');
export const Properties = kw('PROPERTIES', true);
export const Beginning = kw('BEGINNING');
export const Unset = kw('UNSET');
export const Decimal = kw('DECIMAL');
export const Key = kw('KEY', true);
export const Connector = kw('CONNECTOR');
export const Connectors = kw('CONNECTORS');
export const Sink = kw('SINK', true);
export const Source = kw('SOURCE', true);
export const Primary = kw('PRIMARY', true);
export const Replace = kw('REPLACE', true);
export const Assert = kw('ASSERT', true);
export const Add = kw('ADD', true);
export const Alter = kw('ALTER', true);
export const Variables = kw('VARIABLES', true);
export const Plugins = kw('PLUGINS', true);
export const HeadersKw = kw('HEADERS', true);
export const Header = kw('HEADER', true);
export const SystemKw = kw('SYSTEM', true);
export const Timeout = kw('TIMEOUT', true);
export const Schema = kw('SCHEMA', true);
export const Subject = kw('SUBJECT', true);
export const Id = kw('ID', true);
export const If = kw('IF', true);
export const StringKw = kw('STRING', true);

function punct(name: string, pattern: RegExp, label: string): TokenType {
  return createToken({ name, pattern, label });
}

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\r\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });

export const ComparisonOp = createToken({ name: 'ComparisonOp', pattern: Lexer.NA });
export const AdditiveOp = createToken({ name: 'AdditiveOp', pattern: Lexer.NA });
export const MultiplicativeOp = createToken({ name: 'MultiplicativeOp', pattern: Lexer.NA });

export const Semicolon = punct('Semicolon', /;/, "';'");
export const Comma = punct('Comma', /,/, "','");
export const LParen = punct('LParen', /\(/, "'('");
export const RParen = punct('RParen', /\)/, "')'");
export const Dot = punct('Dot', /\./, "'.'");
export const LBracket = punct('LBracket', /\[/, "'['");
export const RBracket = punct('RBracket', /]/, "']'");
export const Arrow = punct('Arrow', /->/, "'->'");
export const Lambda = punct('Lambda', /=>/, "'=>'");
export const Assign = punct('Assign', /:=/, "':='");
export const Concat = punct('Concat', /\|\|/, "'||'");
export const Eq = createToken({ name: 'Eq', pattern: /=/, label: "'='", categories: [ComparisonOp] });
export const Neq = createToken({ name: 'Neq', pattern: /<>|!=/, label: 'NEQ', categories: [ComparisonOp] });
export const Lte = createToken({ name: 'Lte', pattern: /<=/, label: "'<='", categories: [ComparisonOp] });
export const Gte = createToken({ name: 'Gte', pattern: />=/, label: "'>='", categories: [ComparisonOp] });
export const Lt = createToken({ name: 'Lt', pattern: /</, label: "'<'", categories: [ComparisonOp] });
export const Gt = createToken({ name: 'Gt', pattern: />/, label: "'>'", categories: [ComparisonOp] });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'", categories: [AdditiveOp] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'", categories: [AdditiveOp] });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'", categories: [MultiplicativeOp] });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'", categories: [MultiplicativeOp] });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'", categories: [MultiplicativeOp] });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/, label: 'STRING' });
export const FloatLiteral = createToken({
  name: 'FloatLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+/,
  label: 'FLOATING_POINT_VALUE',
});
export const DecimalLiteral = createToken({ name: 'DecimalLiteral', pattern: /\d+\.\d*|\.\d+/, label: 'DECIMAL_VALUE' });
export const DigitIdentifier = createToken({
  name: 'DigitIdentifier',
  pattern: /\d+[A-Za-z_@][A-Za-z0-9_@]*/,
  label: 'DIGIT_IDENTIFIER',
});
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', pattern: /\d+/, label: 'INTEGER_VALUE' });
export const QuotedIdentifier = createToken({ name: 'QuotedIdentifier', pattern: /"(?:[^"]|"")*"/, label: 'QUOTED_IDENTIFIER' });
export const BackQuotedIdentifier = createToken({
  name: 'BackQuotedIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  label: 'BACKQUOTED_IDENTIFIER',
});
export const Variable = createToken({ name: 'Variable', pattern: /\$\{[A-Za-z_][A-Za-z0-9_@]*\}/, label: 'VARIABLE' });

Identifier.LABEL = 'IDENTIFIER';

/** Lexing order: comments before `-`, longer operators before their prefixes, keywords before identifiers. */
export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment,
  NonReserved, TimeUnit, ComparisonOp, AdditiveOp, MultiplicativeOp,
  StringLiteral, QuotedIdentifier, BackQuotedIdentifier, Variable,
  FloatLiteral, DecimalLiteral, DigitIdentifier, IntegerLiteral,
  Semicolon, Comma, LParen, RParen, Dot, LBracket, RBracket,
  Arrow, Lambda, Assign, Concat, Neq, Lte, Gte, Eq, Lt, Gt, Plus, Minus, Star, Slash, Percent,
  // Longest first, so `AS` cannot shadow `ASSERT`.
  ...[...keywordList].sort((a, b) => b.name.length - a.name.length),
  Identifier,
];

export const sqlLexer = new Lexer(allTokens, { ensureOptimizations: false, positionTracking: 'full' });

/**
 * The order ANTLR would list expected tokens in (implicit literal tokens first, then the lexer's
 * rules), used to render `Expecting {...}` like ksqlDB.
 */
export const expectedTokenOrder: readonly TokenType[] = [
  Semicolon, Comma, LParen, RParen, Dot, LBracket, RBracket, StringKw,
  ...keywordList.filter((t) => t !== StringKw),
  Eq, Neq, Lt, Lte, Gt, Gte, Plus, Minus, Star, Slash, Percent, Concat, Assign, Arrow, Lambda,
  StringLiteral, IntegerLiteral, DecimalLiteral, FloatLiteral, Identifier, DigitIdentifier,
  QuotedIdentifier, BackQuotedIdentifier, Variable,
];

/** `'SELECT'` for keywords, `'('` for punctuation, `INTEGER_VALUE` for literal classes. */
export function displayToken(t: TokenType): string {
  if (t.name.startsWith('Kw')) return `'${t.name.slice(2)}'`;
  return t.LABEL ?? t.name;
}

export function keywordToken(word: string): TokenType | undefined {
  return keywordsByName.get(word.toUpperCase());
}

/** Keywords that begin a statement; anything else as the first word is an unknown statement. */
export const statementStarts: readonly TokenType[] = [
  Select, List, Show, Describe, Print, Terminate, Pause, Resume, SetKw, Alter, Unset, Define, Undefine,
  Create, Insert, Drop, Explain, Assert,
];
