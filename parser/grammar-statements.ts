/** The statement dispatcher and the administrative statements; builds the single parser instance. */
import * as T from './tokens.ts';
import { DdlGrammar } from './grammar-ddl.ts';

export class StatementGrammar extends DdlGrammar {
  singleStatement = this.RULE('singleStatement', () => {
    this.SUBRULE(this.statement);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.query) },
      { ALT: () => this.SUBRULE(this.showStatement) },
      { ALT: () => this.SUBRULE(this.describeStatement) },
      { ALT: () => this.SUBRULE(this.printStatement) },
      { ALT: () => this.SUBRULE(this.queryControl) },
      { ALT: () => this.SUBRULE(this.setStatement) },
      { ALT: () => this.SUBRULE(this.unsetStatement) },
      { ALT: () => this.SUBRULE(this.defineStatement) },
      { ALT: () => this.SUBRULE(this.undefineStatement) },
      { ALT: () => this.SUBRULE(this.alterStatement) },
      { ALT: () => this.SUBRULE(this.createStatement) },
      { ALT: () => this.SUBRULE(this.insertStatement) },
      { ALT: () => this.SUBRULE(this.dropStatement) },
      { ALT: () => this.SUBRULE(this.explainStatement) },
      { ALT: () => this.SUBRULE(this.assertStatement) },
    ]);
  });

  showStatement = this.RULE('showStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(T.List) }, { ALT: () => this.CONSUME(T.Show) }]);
    this.OR1([
      { ALT: () => this.CONSUME(T.Properties) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.All));
          this.CONSUME(T.Topics);
        },
      },
      { ALT: () => this.CONSUME(T.Streams) },
      { ALT: () => this.CONSUME(T.Tables) },
      { ALT: () => this.CONSUME(T.Functions) },
      {
        ALT: () => {
          this.OPTION1(() => {
            this.OR2([{ ALT: () => this.CONSUME(T.Source) }, { ALT: () => this.CONSUME(T.Sink) }]);
          });
          this.CONSUME(T.Connectors);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Connector);
          this.CONSUME(T.Plugins);
        },
      },
      { ALT: () => this.CONSUME(T.Types) },
      { ALT: () => this.CONSUME(T.Variables) },
      { ALT: () => this.CONSUME(T.Queries) },
    ]);
    this.OPTION2(() => this.CONSUME(T.Extended));
  });

  describeStatement = this.RULE('describeStatement', () => {
    this.CONSUME(T.Describe);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.FunctionKw);
            this.SUBRULE(this.identifier, { LABEL: 'function' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Connector);
            this.SUBRULE1(this.identifier, { LABEL: 'connector' });
          },
        },
        { ALT: () => this.CONSUME(T.Streams) },
        { ALT: () => this.CONSUME(T.Tables) },
        { ALT: () => this.SUBRULE2(this.identifier, { LABEL: 'source' }) },
      ],
    });
    this.OPTION(() => this.CONSUME(T.Extended));
  });

  printStatement = this.RULE('printStatement', () => {
    this.CONSUME(T.Print);
    this.SUBRULE(this.resourceName);
    this.OPTION(() => {
      this.CONSUME(T.From);
      this.CONSUME(T.Beginning);
    });
    this.OPTION1(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Interval) }, { ALT: () => this.CONSUME(T.Sample) }]);
      this.SUBRULE(this.number, { LABEL: 'interval' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE1(this.number, { LABEL: 'limit' });
    });
  });

  queryControl = this.RULE('queryControl', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Terminate) },
      { ALT: () => this.CONSUME(T.Pause) },
      { ALT: () => this.CONSUME(T.Resume) },
    ]);
    this.OR1([{ ALT: () => this.CONSUME(T.All) }, { ALT: () => this.SUBRULE(this.identifier) }]);
  });

  setStatement = this.RULE('setStatement', () => {
    this.CONSUME(T.SetKw);
    this.SUBRULE(this.propertyString, { LABEL: 'name' });
    this.CONSUME(T.Eq);
    this.SUBRULE1(this.propertyString, { LABEL: 'value' });
  });

  unsetStatement = this.RULE('unsetStatement', () => {
    this.CONSUME(T.Unset);
    this.SUBRULE(this.propertyString);
  });

  propertyString = this.RULE('propertyString', () => {
    this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.Variable) }]);
  });

  defineStatement = this.RULE('defineStatement', () => {
    this.CONSUME(T.Define);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.Eq);
    this.CONSUME(T.StringLiteral);
  });

  undefineStatement = this.RULE('undefineStatement', () => {
    this.CONSUME(T.Undefine);
    this.SUBRULE(this.identifier);
  });

  explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(T.Explain);
    this.OR([
      {
        GATE: () => this.isIdentifierAt(1) && (this.isAt(2, T.Semicolon) || this.LA(2).tokenType.name === 'EOF'),
        ALT: () => this.SUBRULE(this.identifier),
      },
      { ALT: () => this.SUBRULE(this.statement) },
    ]);
  });

  constructor() {
    super();
    this.performSelfAnalysis();
  }
}

/** The one parser instance; Chevrotain parsers are reused by resetting `input`. */
export const grammar = new StatementGrammar();
