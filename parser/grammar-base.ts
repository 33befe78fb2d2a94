/**
 * The lowest grammar layer: identifiers, numbers, literals, durations and types. The grammar is
 * split into a chain of classes (base → expressions → query → statements) so each file stays
 * small; rules only build a CST, the AST is made by the builders.
 */
import { CstParser, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { jsonErrorMessages } from './error-messages.ts';

export class BaseGrammar extends CstParser {
  constructor() {
    super(T.allTokens, {
      maxLookahead: 4,
      nodeLocationTracking: 'full',
      recoveryEnabled: false,
      errorMessageProvider: jsonErrorMessages,
    });
  }

  /** Whether the token `k` positions ahead is of `type` (or in its category). */
  protected isAt(k: number, type: TokenType): boolean {
    const tok: IToken = this.LA(k);
    return tok.tokenType === type || (tok.tokenType.CATEGORIES ?? []).includes(type);
  }

  protected isIdentifierAt(k: number): boolean {
    return (
      this.isAt(k, T.Identifier) || this.isAt(k, T.NonReserved) || this.isAt(k, T.QuotedIdentifier) ||
      this.isAt(k, T.BackQuotedIdentifier) || this.isAt(k, T.DigitIdentifier) || this.isAt(k, T.Variable)
    );
  }

  identifier = this.RULE('identifier', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.NonReserved) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.BackQuotedIdentifier) },
      { ALT: () => this.CONSUME(T.DigitIdentifier) },
      { ALT: () => this.CONSUME(T.Variable) },
    ]);
  });

  number = this.RULE('number', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.OR([
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
      { ALT: () => this.CONSUME(T.DecimalLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
    ]);
  });

  /** A property value: `NULL`, a number, a boolean, a string or a variable. */
  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.Variable) },
    ]);
  });

  windowUnit = this.RULE('windowUnit', () => {
    this.CONSUME(T.TimeUnit);
  });

  duration = this.RULE('duration', () => {
    this.SUBRULE(this.number);
    this.SUBRULE(this.windowUnit);
  });

  type = this.RULE('type', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ArrayKw);
          this.CONSUME(T.Lt);
          this.SUBRULE(this.type);
          this.CONSUME(T.Gt);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.MapKw);
          this.CONSUME1(T.Lt);
          this.SUBRULE1(this.type);
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.type);
          this.CONSUME1(T.Gt);
        },
      },
      { ALT: () => this.SUBRULE(this.structType) },
      {
        ALT: () => {
          this.CONSUME(T.Decimal);
          this.CONSUME(T.LParen);
          this.SUBRULE(this.number);
          this.CONSUME1(T.Comma);
          this.SUBRULE1(this.number);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.baseType) },
    ]);
  });

  structType = this.RULE('structType', () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.Lt);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.identifier);
        this.SUBRULE(this.type);
      },
    });
    this.CONSUME(T.Gt);
  });

  /** `VARCHAR`, `INT`, a custom type name, with ksqlDB's ignored `(n | STRING, ...)` parameters. */
  baseType = this.RULE('baseType', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typeParameter) });
      this.CONSUME(T.RParen);
    });
  });

  typeParameter = this.RULE('typeParameter', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringKw) },
      { ALT: () => this.CONSUME(T.IntegerLiteral) },
    ]);
  });
}
