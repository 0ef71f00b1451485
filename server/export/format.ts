// What every export format module provides: the rows it is made of and how one row is written.
import type { ExportPair } from './pairs';
import type { ExportLabel } from './rows';

interface FileType {
  contentType: 'application/x-ndjson' | 'text/csv';
  extension: 'jsonl' | 'csv';
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

export type ExportFormatModule = PairFormat | LabelFormat;

export const jsonLine = (value: unknown): string => `${JSON.stringify(value)}\n`;
