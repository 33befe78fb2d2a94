/**
 * Expression grammar, lowest to highest precedence:
 * OR < AND < NOT < predicate (comparison, BETWEEN, IN, LIKE, IS) < `||` < `+ -` < `* / %`
 * < unary sign < AT TIME ZONE < postfix (`[i]`, `->f`) < primary.
 */
import type { CstNode, ParserMethod } from 'chevrotain';
import * as T from './tokens.ts';
import { BaseGrammar } from './grammar-base.ts';

export abstract class ExpressionGrammar extends BaseGrammar {
  /** Defined by the next layer (grammar-primary.ts). */
  abstract primary: ParserMethod<[], CstNode>;

  expression = this.RULE('expression', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Or, DEF: () => this.SUBRULE(this.andExpr) });
  });

  andExpr = this.RULE('andExpr', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.And, DEF: () => this.SUBRULE(this.notExpr) });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.predicated) },
    ]);
  });

  predicated = this.RULE('predicated', () => {
    this.SUBRULE(this.valueExpr);
    this.OPTION(() => this.SUBRULE(this.predicate));
  });

  predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ComparisonOp);
          this.SUBRULE(this.valueExpr, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.CONSUME(T.Between);
          this.SUBRULE1(this.valueExpr, { LABEL: 'low' });
          this.CONSUME(T.And);
          this.SUBRULE2(this.valueExpr, { LABEL: 'high' });
        },
      },
      {
        ALT: () => {
          this.OPTION1(() => this.CONSUME1(T.Not));
          this.CONSUME(T.In);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME2(T.Not));
          this.CONSUME(T.Like);
          this.SUBRULE3(this.valueExpr, { LABEL: 'pattern' });
          this.OPTION3(() => {
            this.CONSUME(T.Escape);
            this.CONSUME(T.StringLiteral);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION4(() => this.CONSUME3(T.Not));
          this.OR1([
            { ALT: () => this.CONSUME(T.Null) },
            {
              ALT: () => {
                this.CONSUME(T.Distinct);
                this.CONSUME(T.From);
                this.SUBRULE4(this.valueExpr, { LABEL: 'right' });
              },
            },
          ]);
        },
      },
    ]);
  });

  valueExpr = this.RULE('valueExpr', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Concat, DEF: () => this.SUBRULE(this.additiveExpr) });
  });

  additiveExpr = this.RULE('additiveExpr', () => {
    this.SUBRULE(this.multiplicativeExpr);
    this.MANY(() => {
      this.CONSUME(T.AdditiveOp);
      this.SUBRULE1(this.multiplicativeExpr);
    });
  });

  multiplicativeExpr = this.RULE('multiplicativeExpr', () => {
    this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOp);
      this.SUBRULE1(this.unaryExpr);
    });
  });

  unaryExpr = this.RULE('unaryExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AdditiveOp);
          this.SUBRULE(this.unaryExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.atTimeZoneExpr) },
    ]);
  });

  atTimeZoneExpr = this.RULE('atTimeZoneExpr', () => {
    this.SUBRULE(this.postfixExpr);
    this.MANY(() => {
      this.CONSUME(T.At);
      this.CONSUME(T.Time);
      this.CONSUME(T.Zone);
      this.CONSUME(T.StringLiteral);
    });
  });

  /** `[index]` and `->field` in any order; `->*` is left for the select item. */
  postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY({
      GATE: () => !(this.isAt(1, T.Arrow) && this.isAt(2, T.Star)),
      DEF: () => {
        this.OR([
          { ALT: () => this.SUBRULE(this.subscript) },
          { ALT: () => this.SUBRULE(this.dereference) },
        ]);
      },
    });
  });

  subscript = this.RULE('subscript', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.valueExpr);
    this.CONSUME(T.RBracket);
  });

  dereference = this.RULE('dereference', () => {
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.identifier);
  });
}
