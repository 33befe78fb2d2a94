/** SELECT: select items, FROM with joins, WINDOW, WHERE, GROUP BY, PARTITION BY, HAVING, EMIT, LIMIT. */
import type { CstNode, ParserMethod, TokenType } from 'chevrotain';
import * as T from './tokens.ts';
import { PrimaryGrammar } from './grammar-primary.ts';

/** Tokens that can continue an expression or a list after a `)`. */
const CONTINUATIONS: TokenType[] = [
  T.Comma, T.AdditiveOp, T.MultiplicativeOp, T.Concat, T.LBracket, T.Arrow, T.At, T.ComparisonOp,
];

export abstract class QueryGrammar extends PrimaryGrammar {
  /** Defined by the next layer (grammar-window.ts). */
  abstract windowExpr: ParserMethod<[], CstNode>;

  /**
   * An alias without AS is any identifier, except a non-reserved keyword that starts the next
   * clause (`EMIT CHANGES`, `PARTITION BY`).
   */
  protected isAliasAhead(): boolean {
    if (this.isAt(1, T.As)) return true;
    if (!this.isIdentifierAt(1)) return false;
    if (this.isAt(1, T.Emit) && (this.isAt(2, T.Changes) || this.isAt(2, T.Final))) return false;
    return !(this.isAt(1, T.Partition) && this.isAt(2, T.By));
  }

  /** `GROUP BY (a, b)` versus `GROUP BY (a + b), c`: look past the matching `)`. */
  protected isParenListAhead(): boolean {
    if (!this.isAt(1, T.LParen)) return false;
    let depth = 0;
    for (let k = 1; ; k++) {
      const type = this.LA(k).tokenType;
      if (type.name === 'EOF') return false;
      if (type === T.LParen) depth++;
      if (type === T.RParen && --depth === 0) return !CONTINUATIONS.some((c) => this.isAt(k + 1, c));
    }
  }

  query = this.RULE('query', () => {
    this.CONSUME(T.Select);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.selectItem) });
    this.CONSUME(T.From);
    this.SUBRULE(this.relation);
    this.OPTION(() => {
      this.CONSUME(T.Window);
      this.SUBRULE(this.windowExpr);
    });
    this.OPTION1(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Group);
      this.CONSUME(T.By);
      this.SUBRULE(this.groupingList, { LABEL: 'groupBy' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Partition);
      this.CONSUME1(T.By);
      this.SUBRULE1(this.groupingList, { LABEL: 'partitionBy' });
    });
    this.OPTION4(() => {
      this.CONSUME(T.Having);
      this.SUBRULE1(this.expression, { LABEL: 'having' });
    });
    this.OPTION5(() => {
      this.CONSUME(T.Emit);
      this.OR([{ ALT: () => this.CONSUME(T.Changes) }, { ALT: () => this.CONSUME(T.Final) }]);
    });
    this.OPTION6(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE(this.number, { LABEL: 'limit' });
    });
  });

  selectItem = this.RULE('selectItem', () => {
    // Decided on one token plus gates: Chevrotain's LL(k) cannot see past the end of the item.
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Star) },
        {
          GATE: () => this.isIdentifierAt(1) && this.isAt(2, T.Dot) && this.isAt(3, T.Star),
          ALT: () => {
            this.SUBRULE(this.identifier, { LABEL: 'source' });
            this.CONSUME(T.Dot);
            this.CONSUME1(T.Star);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.expression);
            this.OPTION(() => {
              this.CONSUME(T.Arrow);
              this.CONSUME2(T.Star);
            });
            this.OPTION1({ GATE: () => this.isAliasAhead(), DEF: () => this.SUBRULE(this.alias) });
          },
        },
      ],
    });
  });

  alias = this.RULE('alias', () => {
    this.OPTION(() => this.CONSUME(T.As));
    this.SUBRULE(this.identifier);
  });

  relation = this.RULE('relation', () => {
    this.SUBRULE(this.aliasedRelation);
    this.MANY(() => this.SUBRULE(this.joinedSource));
  });

  aliasedRelation = this.RULE('aliasedRelation', () => {
    this.SUBRULE(this.identifier);
    this.OPTION({ GATE: () => this.isAliasAhead(), DEF: () => this.SUBRULE(this.alias) });
  });

  joinedSource = this.RULE('joinedSource', () => {
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Inner) },
        { ALT: () => this.CONSUME(T.Full) },
        { ALT: () => this.CONSUME(T.Left) },
        { ALT: () => this.CONSUME(T.Right) },
      ]);
      this.OPTION1(() => this.CONSUME(T.Outer));
    });
    this.CONSUME(T.Join);
    this.SUBRULE(this.aliasedRelation);
    this.OPTION2(() => {
      this.CONSUME(T.Within);
      this.SUBRULE(this.withinExpr);
    });
    this.CONSUME(T.On);
    this.SUBRULE(this.expression);
  });

  withinExpr = this.RULE('withinExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.duration, { LABEL: 'before' });
          this.CONSUME(T.Comma);
          this.SUBRULE1(this.duration, { LABEL: 'after' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.duration, { LABEL: 'size' }) },
    ]);
    this.OPTION(() => this.SUBRULE(this.gracePeriod));
  });

  gracePeriod = this.RULE('gracePeriod', () => {
    this.CONSUME(T.Grace);
    this.CONSUME(T.Period);
    this.SUBRULE(this.duration);
  });

  groupingList = this.RULE('groupingList', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.isParenListAhead(),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.valueExpr) });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE1(this.valueExpr) }) },
      ],
    });
  });
}
