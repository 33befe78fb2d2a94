/**
 * Primary expressions: literals, column references, calls, lambdas, CASE, CAST and constructors.
 * Alternatives sharing a prefix are ordered longest first; `MAP(`/`STRUCT(` constructors win over
 * calls, as in ksqlDB.
 */
import * as T from './tokens.ts';
import { ExpressionGrammar } from './grammar-expressions.ts';

const RESERVED_UNITS = [T.Millisecond, T.Milliseconds, T.Seconds, T.Minutes, T.Hours, T.Days];

export abstract class PrimaryGrammar extends ExpressionGrammar {
  /** `(a, b) => ...` needs unbounded lookahead: scan the parameter list. */
  protected isLambdaListAhead(): boolean {
    if (!this.isAt(1, T.LParen)) return false;
    let k = 2;
    for (;;) {
      if (!this.isIdentifierAt(k)) return false;
      if (this.isAt(k + 1, T.RParen)) return this.isAt(k + 2, T.Lambda);
      if (!this.isAt(k + 1, T.Comma)) return false;
      k += 2;
    }
  }

  primary = this.RULE('primary', () => {
    // One token of lookahead plus gates: identifiers and non-reserved keywords start many forms.
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Null) },
        { ALT: () => this.CONSUME(T.True) },
        { ALT: () => this.CONSUME(T.False) },
        { ALT: () => this.CONSUME(T.IntegerLiteral) },
        { ALT: () => this.CONSUME(T.DecimalLiteral) },
        { ALT: () => this.CONSUME(T.FloatLiteral) },
        { ALT: () => this.CONSUME(T.StringLiteral) },
        { ALT: () => this.SUBRULE(this.caseExpr) },
        { ALT: () => this.SUBRULE(this.castExpr) },
        { GATE: () => this.isAt(2, T.LBracket), ALT: () => this.SUBRULE(this.arrayConstructor) },
        { GATE: () => this.isAt(2, T.LParen), ALT: () => this.SUBRULE(this.mapConstructor) },
        { GATE: () => this.isAt(2, T.LParen), ALT: () => this.SUBRULE(this.structConstructor) },
        { GATE: () => this.isAt(2, T.LParen), ALT: () => this.SUBRULE(this.functionCall) },
        { GATE: () => this.isAt(2, T.StringLiteral), ALT: () => this.SUBRULE(this.typedLiteral) },
        { ALT: () => this.SUBRULE(this.columnRef) },
        { ALT: () => this.SUBRULE(this.parenthesized) },
      ],
    });
  });

  caseExpr = this.RULE('caseExpr', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.valueExpr, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause));
    this.OPTION1(() => {
      this.CONSUME(T.Else);
      this.SUBRULE(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(T.End);
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.CONSUME(T.Then);
    this.SUBRULE1(this.expression, { LABEL: 'then' });
  });

  castExpr = this.RULE('castExpr', () => {
    this.CONSUME(T.Cast);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.SUBRULE(this.type);
    this.CONSUME(T.RParen);
  });

  arrayConstructor = this.RULE('arrayConstructor', () => {
    this.CONSUME(T.ArrayKw);
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });

  mapConstructor = this.RULE('mapConstructor', () => {
    this.CONSUME(T.MapKw);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.expression, { LABEL: 'key' });
        this.CONSUME(T.Assign);
        this.SUBRULE1(this.expression, { LABEL: 'value' });
      },
    });
    this.CONSUME(T.RParen);
  });

  structConstructor = this.RULE('structConstructor', () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.identifier);
        this.CONSUME(T.Assign);
        this.SUBRULE(this.expression);
      },
    });
    this.CONSUME(T.RParen);
  });

  functionCall = this.RULE('functionCall', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.LParen);
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.functionArg) }) },
    ]);
    this.CONSUME(T.RParen);
  });

  functionArg = this.RULE('functionArg', () => {
    this.OR([
      {
        GATE: () => this.isIdentifierAt(1) && this.isAt(2, T.Lambda),
        ALT: () => this.SUBRULE(this.lambda),
      },
      { GATE: () => this.isLambdaListAhead(), ALT: () => this.SUBRULE1(this.lambda) },
      {
        GATE: () => RESERVED_UNITS.some((u) => this.isAt(1, u)) && (this.isAt(2, T.Comma) || this.isAt(2, T.RParen)),
        ALT: () => this.SUBRULE(this.windowUnit),
      },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  lambda = this.RULE('lambda', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE1(this.identifier) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.Lambda);
    this.SUBRULE(this.expression);
  });

  /** `DATE '2020-01-01'`: an identifier naming a type followed by a string. */
  typedLiteral = this.RULE('typedLiteral', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.StringLiteral);
  });

  columnRef = this.RULE('columnRef', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE1(this.identifier);
    });
  });

  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });
}
