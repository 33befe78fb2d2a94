/** `WINDOW [legacy-name] TUMBLING (...) | HOPPING (...) | SESSION (...)`. */
import * as T from './tokens.ts';
import { QueryGrammar } from './grammar-query.ts';

export abstract class WindowGrammar extends QueryGrammar {
  windowExpr = this.RULE('windowExpr', () => {
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.OR([
      { ALT: () => this.SUBRULE(this.tumblingWindow) },
      { ALT: () => this.SUBRULE(this.hoppingWindow) },
      { ALT: () => this.SUBRULE(this.sessionWindow) },
    ]);
  });

  tumblingWindow = this.RULE('tumblingWindow', () => {
    this.CONSUME(T.Tumbling);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Size);
    this.SUBRULE(this.duration, { LABEL: 'size' });
    this.SUBRULE(this.windowOptions);
    this.CONSUME(T.RParen);
  });

  hoppingWindow = this.RULE('hoppingWindow', () => {
    this.CONSUME(T.Hopping);
    this.CONSUME(T.LParen);
    this.CONSUME(T.Size);
    this.SUBRULE(this.duration, { LABEL: 'size' });
    this.CONSUME(T.Comma);
    this.CONSUME(T.Advance);
    this.CONSUME(T.By);
    this.SUBRULE1(this.duration, { LABEL: 'advance' });
    this.SUBRULE(this.windowOptions);
    this.CONSUME(T.RParen);
  });

  sessionWindow = this.RULE('sessionWindow', () => {
    this.CONSUME(T.Session);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.duration, { LABEL: 'gap' });
    this.SUBRULE(this.windowOptions);
    this.CONSUME(T.RParen);
  });

  windowOptions = this.RULE('windowOptions', () => {
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Retention);
      this.SUBRULE(this.duration, { LABEL: 'retention' });
    });
    this.OPTION1(() => {
      this.CONSUME1(T.Comma);
      this.SUBRULE(this.gracePeriod);
    });
  });
}
