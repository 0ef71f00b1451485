// Parquet through hyparquet-writer, streamed: records are buffered column-wise until a row group is full, the
// group is encoded (dictionary + snappy per column chunk) into a reused byte buffer, and those bytes are taken
// by the caller before the next group. Only the footer's per-group metadata grows with the row count.
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { ExportRow, RowEncoder } from './encoder';
import type { ParquetFormatModule } from './format';

/** Rows per row group: big enough for good compression, small enough to hold in memory (~10 MB of text). */
export const PARQUET_ROW_GROUP_ROWS = 10_000;

export function parquetEncoder(format: ParquetFormatModule, rowGroupRows = PARQUET_ROW_GROUP_ROWS): RowEncoder {
  const { columns } = format;
  const record = format.record as (row: ExportRow) => Record<string, unknown>; // the rows handed over are the format's kind
  const schema = schemaFromColumnData({ columnData: columns.map((c) => ({ name: c.name, data: [], type: c.type, nullable: c.nullable ?? false })) });
  const bytes = new ByteWriter();
  const writer = new ParquetWriter({ writer: bytes, schema, createdBy: 'prefloop' });
  let buffered: unknown[][] = columns.map(() => []);
  let rows = 0;

  const writeGroup = () => {
    if (rows === 0) return;
    const columnData = columns.map((c, i) => ({ name: c.name, data: buffered[i] }));
    writer.write({ columnData, rowGroupSize: rows });
    buffered = columns.map(() => []);
    rows = 0;
  };
  /** the encoded bytes so far (a copy: the buffer is reused), then the buffer is emptied */
  const take = () => {
    const taken = Buffer.from(bytes.getBytes());
    bytes.index = 0;
    return taken;
  };
  return {
    add(row) {
      const values = record(row);
      for (const [i, c] of columns.entries()) buffered[i].push(values[c.name]);
      if (++rows >= rowGroupRows) writeGroup();
    },
    take,
    end() {
      writeGroup();
      writer.finish();
      return take();
    },
  };
}
