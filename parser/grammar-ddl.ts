/** CREATE, INSERT, DROP, ALTER and ASSERT statements, with table elements and WITH properties. */
import * as T from './tokens.ts';
import { WindowGrammar } from './grammar-window.ts';

export abstract class DdlGrammar extends WindowGrammar {
  createStatement = this.RULE('createStatement', () => {
    this.CONSUME(T.Create);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Type);
          this.SUBRULE(this.ifNotExists);
          this.SUBRULE(this.identifier);
          this.CONSUME(T.As);
          this.SUBRULE(this.type);
        },
      },
      {
        ALT: () => {
          this.OR1([{ ALT: () => this.CONSUME(T.Sink) }, { ALT: () => this.CONSUME(T.Source) }]);
          this.CONSUME(T.Connector);
          this.SUBRULE1(this.ifNotExists);
          this.SUBRULE1(this.identifier);
          this.CONSUME(T.With);
          this.SUBRULE(this.tableProperties);
        },
      },
      { ALT: () => this.SUBRULE(this.createSource) },
    ]);
  });

  /** Both `CREATE STREAM|TABLE` (with elements) and `CREATE ... AS SELECT`; the builder checks the mix. */
  createSource = this.RULE('createSource', () => {
    this.OPTION(() => {
      this.CONSUME(T.Or);
      this.CONSUME(T.Replace);
    });
    this.OPTION1(() => this.CONSUME(T.Source));
    this.OR([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.SUBRULE(this.ifNotExists);
    this.SUBRULE(this.identifier);
    this.OPTION2(() => this.SUBRULE(this.tableElements));
    this.OPTION3(() => {
      this.CONSUME(T.With);
      this.SUBRULE(this.tableProperties);
    });
    this.OPTION4(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.query);
    });
  });

  ifNotExists = this.RULE('ifNotExists', () => {
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Not);
      this.CONSUME(T.Exists);
    });
  });

  ifExists = this.RULE('ifExists', () => {
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Exists);
    });
  });

  tableElements = this.RULE('tableElements', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
    this.CONSUME(T.RParen);
  });

  tableElement = this.RULE('tableElement', () => {
    this.OR([
      {
        // WATERMARK is non-reserved: only `WATERMARK FOR` starts a watermark declaration.
        GATE: () => this.LA(1).tokenType === T.Watermark && this.LA(2).tokenType === T.For,
        ALT: () => this.SUBRULE(this.watermarkElement),
      },
      {
        ALT: () => {
          this.SUBRULE(this.identifier);
          this.SUBRULE(this.type);
          this.OPTION(() => this.SUBRULE(this.columnConstraint));
        },
      },
    ]);
  });

  watermarkElement = this.RULE('watermarkElement', () => {
    this.CONSUME(T.Watermark);
    this.CONSUME(T.For);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.As);
    this.SUBRULE2(this.identifier);
    this.OPTION(() => {
      this.CONSUME(T.Minus);
      this.CONSUME(T.Interval);
      this.SUBRULE(this.duration);
    });
  });

  columnConstraint = this.RULE('columnConstraint', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Primary));
          this.CONSUME(T.Key);
        },
      },
      { ALT: () => this.CONSUME(T.HeadersKw) },
      {
        ALT: () => {
          this.CONSUME(T.Header);
          this.CONSUME(T.LParen);
          this.CONSUME(T.StringLiteral);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  tableProperties = this.RULE('tableProperties', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableProperty) });
    this.CONSUME(T.RParen);
  });

  tableProperty = this.RULE('tableProperty', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.literal);
  });

  insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(T.Insert);
    this.CONSUME(T.Into);
    this.SUBRULE(this.identifier);
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.tableProperties);
          });
          this.SUBRULE(this.query);
        },
      },
      {
        ALT: () => {
          this.OPTION1(() => this.SUBRULE(this.columnList));
          this.CONSUME(T.Values);
          this.SUBRULE(this.valueList);
        },
      },
    ]);
  });

  columnList = this.RULE('columnList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.identifier) });
    this.CONSUME(T.RParen);
  });

  valueList = this.RULE('valueList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.valueExpr) });
    this.CONSUME(T.RParen);
  });

  dropStatement = this.RULE('dropStatement', () => {
    this.CONSUME(T.Drop);
    this.OR([
      {
        ALT: () => {
          this.OR1([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
          this.SUBRULE(this.ifExists);
          this.SUBRULE(this.identifier);
          this.OPTION(() => {
            this.CONSUME(T.Delete);
            this.CONSUME(T.Topic);
          });
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Connector) }, { ALT: () => this.CONSUME(T.Type) }]);
          this.SUBRULE1(this.ifExists);
          this.SUBRULE1(this.identifier);
        },
      },
    ]);
  });

  alterStatement = this.RULE('alterStatement', () => {
    this.CONSUME(T.Alter);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.SystemKw);
          this.CONSUME(T.StringLiteral, { LABEL: 'name' });
          this.CONSUME(T.Eq);
          this.CONSUME1(T.StringLiteral, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.OR1([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
          this.SUBRULE(this.identifier);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.alterOption) });
        },
      },
    ]);
  });

  alterOption = this.RULE('alterOption', () => {
    this.CONSUME(T.Add);
    this.OPTION(() => this.CONSUME(T.Column));
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
  });

  assertStatement = this.RULE('assertStatement', () => {
    this.CONSUME(T.Assert);
    this.OPTION(() => {
      this.CONSUME(T.Not);
      this.CONSUME(T.Exists);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Topic);
          this.SUBRULE(this.resourceName, { LABEL: 'topic' });
          this.OPTION1(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.tableProperties);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Schema);
          this.OPTION2(() => {
            this.CONSUME(T.Subject);
            this.SUBRULE1(this.resourceName, { LABEL: 'subject' });
          });
          this.OPTION3(() => {
            this.CONSUME(T.Id);
            this.SUBRULE(this.literal, { LABEL: 'id' });
          });
        },
      },
    ]);
    this.OPTION4(() => {
      this.CONSUME(T.Timeout);
      this.SUBRULE(this.duration, { LABEL: 'timeout' });
    });
  });

  resourceName = this.RULE('resourceName', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });
}
