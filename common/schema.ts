import { formatType, type SqlType } from './types.ts';

/** Where a column's value comes from in a record. */
export type ColumnNamespace = 'KEY' | 'VALUE' | 'HEADERS' | 'HEADER';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  readonly namespace: ColumnNamespace;
  /** For namespace HEADER: the header key the column reads. */
  readonly headerKey?: string;
}

/** A source's logical schema: key columns first, then value (and header) columns, in declared order. */
export interface LogicalSchema {
  readonly columns: readonly Column[];
}

export const keyColumns = (s: LogicalSchema): Column[] => s.columns.filter((c) => c.namespace === 'KEY');
export const valueColumns = (s: LogicalSchema): Column[] => s.columns.filter((c) => c.namespace === 'VALUE');

/** Quotes a column name the way ksqlDB prints schemas: always back-quoted. */
export const quoteName = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** ksqlDB's schema text, e.g. ``"`ID` BIGINT KEY, `NAME` STRING"``. */
export function formatSchema(s: LogicalSchema): string {
  return s.columns
    .map((c) => {
      const suffix =
        c.namespace === 'KEY'
          ? ' KEY'
          : c.namespace === 'HEADERS'
            ? ' HEADERS'
            : c.namespace === 'HEADER'
              ? ` HEADER('${c.headerKey ?? ''}')`
              : '';
      return `${quoteName(c.name)} ${formatType(c.type)}${suffix}`;
    })
    .join(', ');
}
