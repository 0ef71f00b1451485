// Raw labels as Parquet: the labels-jsonl columns, typed. prompt_messages is JSON (null for a single-turn
// prompt), created_at a millisecond timestamp, ids and counts INT32 (read back as numbers, not bigints).
import type { LabelParquetFormat, ParquetColumn } from './format';
import { LABEL_COLUMNS, labelRecord } from './labels-jsonl';

const TYPES: Partial<Record<(typeof LABEL_COLUMNS)[number], ParquetColumn['type']>> = {
  label_id: 'INT32',
  comparison_id: 'INT32',
  prompt_messages: 'JSON',
  strength: 'INT32',
  time_ms: 'INT32',
  created_at: 'TIMESTAMP',
};

export const labelsParquet: LabelParquetFormat = {
  rows: 'labels',
  contentType: 'application/vnd.apache.parquet',
  extension: 'parquet',
  columns: LABEL_COLUMNS.map((name) => ({ name, type: TYPES[name] ?? 'STRING', nullable: name === 'prompt_messages' })),
  record: (l) => ({ ...labelRecord(l), created_at: new Date(l.createdAt) }),
};
