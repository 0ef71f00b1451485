// Parquet files read back (hyparquet): the trl-parquet export's pairs and the labels-parquet export's raw labels,
// told apart by their columns (or named with --format), then imported like their JSONL twins (labelled-pairs.ts).
// The whole file is read at once: Parquet's footer is at its end, and this is the CLI's path, not the server's.
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import type { ImportLabelledPairsResult, LabelledPairFormat } from '../../shared/schemas/reward';
import type { Store } from '../store';
import { importLabelledRows } from './labelled-pairs';
import { rawLabelFromParquet } from './raw-labels-format';
import { invalidImport, type RawRow } from './read';

export const PARQUET_IMPORT_FORMATS = ['trl-parquet', 'labels-parquet'] as const;
export type ParquetImportFormat = (typeof PARQUET_IMPORT_FORMATS)[number];

/** Each Parquet format's rows are its JSONL twin's. */
const TWIN: Record<ParquetImportFormat, LabelledPairFormat> = { 'trl-parquet': 'trl', 'labels-parquet': 'labels-jsonl' };

export interface ParquetImportInput {
  bytes: Uint8Array;
  /** [from the columns: annotator → labels-parquet, else trl-parquet] */
  format?: ParquetImportFormat;
  source?: string;
  queue?: boolean;
}

/** The file's rows as objects (64-bit integers as numbers) and its column names. */
export async function readParquetRows(bytes: Uint8Array): Promise<{ columns: string[]; rows: RawRow[] }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const columns = parquetMetadata(file).schema.slice(1).map((s) => s.name);
    const rows = (await parquetReadObjects({ file })) as RawRow[];
    return { columns, rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]))) };
  } catch (err) {
    throw invalidImport(`The Parquet file cannot be read: ${(err as Error).message}`);
  }
}

export async function importParquet(store: Store, input: ParquetImportInput): Promise<ImportLabelledPairsResult> {
  const { columns, rows } = await readParquetRows(input.bytes);
  const format = input.format ?? (columns.includes('annotator') ? 'labels-parquet' : 'trl-parquet');
  const twin = TWIN[format];
  return importLabelledRows(store, {
    format: twin,
    rows: twin === 'labels-jsonl' ? rows.map(rawLabelFromParquet) : rows,
    source: input.source ?? format,
    queue: input.queue,
  });
}
