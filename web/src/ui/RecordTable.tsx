import type { ReactNode } from 'react';

export interface RecordColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Extra class for the column's cells, e.g. bk-mono for document numbers. */
  className?: string;
}

/** A compact KERN table of records, one row per record, with a caption for screen readers. */
export function RecordTable<T extends { id: string }>({ caption, columns, rows }: {
  caption: string;
  columns: readonly RecordColumn<T>[];
  rows: readonly T[];
}) {
  return (
    <div className="kern-table-responsive">
      <table className="kern-table kern-table--small">
        <caption className="kern-sr-only">{caption}</caption>
        <thead>
          <tr className="kern-table__row">
            {columns.map((column) => <th key={column.header} scope="col" className="kern-table__header">{column.header}</th>)}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((row) => (
            <tr className="kern-table__row" key={row.id}>
              {columns.map((column) => (
                <td key={column.header} className={column.className ? `kern-table__cell ${column.className}` : 'kern-table__cell'}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
