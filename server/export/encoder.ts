// Export rows → file bytes. A text format buffers its lines until taken; Parquet (server/export/parquet.ts)
// buffers a row group's columns and hands over its bytes once the group is full. Either way memory holds at
// most one page of lines or one row group, whatever the row count.
import type { ExportFormatModule, TextFormatModule } from './format';
import type { ExportPair } from './pairs';
import { parquetEncoder } from './parquet';
import type { ExportLabel } from './rows';

export type ExportRow = ExportLabel | ExportPair;

export interface RowEncoder {
  /** a row of the format's own kind (format.rows: a label or a pair) */
  add(row: ExportRow): void;
  /** the bytes ready to be written now (empty when none are) */
  take(): string | Uint8Array;
  /** the rest of the file, once every row has been added */
  end(): string | Uint8Array;
}

function textEncoder(format: TextFormatModule): RowEncoder {
  const line = format.line as (row: ExportRow) => string; // the rows handed over are the format's kind
  let chunk = format.rows === 'labels' ? (format.header ?? '') : '';
  const take = () => {
    const taken = chunk;
    chunk = '';
    return taken;
  };
  return {
    add(row) {
      chunk += line(row);
    },
    take,
    end: take,
  };
}

export const encoderOf = (format: ExportFormatModule): RowEncoder => (format.extension === 'parquet' ? parquetEncoder(format) : textEncoder(format));
