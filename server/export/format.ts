// What every export format module provides: the rows it is made of and how one row is written (a text line,
// or a Parquet record of typed columns that server/export/parquet.ts writes a row group at a time).
import type { ExportPair } from './pairs';
import type { ExportLabel } from './rows';

interface FileType {
  contentType: 'application/x-ndjson' | 'text/csv';
  extension: 'jsonl' | 'csv';
}

/** A Parquet column: its name and type as hyparquet-writer names them (JSON: UTF-8 text tagged JSON). */
export interface ParquetColumn {
  name: string;
  type: 'STRING' | 'INT32' | 'DOUBLE' | 'JSON' | 'TIMESTAMP';
  /** null allowed [false: REQUIRED] */
  nullable?: boolean;
}

interface ParquetFile {
  contentType: 'application/vnd.apache.parquet';
  extension: 'parquet';
  columns: readonly ParquetColumn[];
}

/** A trainer's preference format as Parquet: one record per pair. */
export interface PairParquetFormat extends ParquetFile {
  rows: 'pairs';
  record(pair: ExportPair): Record<string, unknown>;
}

/** Raw labels as Parquet: one record per label. */
export interface LabelParquetFormat extends ParquetFile {
  rows: 'labels';
  record(label: ExportLabel): Record<string, unknown>;
}

/** A trainer's preference format: one line per pair. */
export interface PairFormat extends FileType {
  rows: 'pairs';
  line(pair: ExportPair): string;
}

/** Raw labels: one line per label (ties and both-bad included), after an optional header. */
export interface LabelFormat extends FileType {
  rows: 'labels';
  header?: string;
  line(label: ExportLabel): string;
}

export type TextFormatModule = PairFormat | LabelFormat;
export type ParquetFormatModule = PairParquetFormat | LabelParquetFormat;
export type ExportFormatModule = TextFormatModule | ParquetFormatModule;

export const jsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;
