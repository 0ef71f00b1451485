// TRL explicit-prompt preference rows as Parquet (what `datasets.load_dataset("parquet", ...)` reads):
// prompt, chosen, rejected as UTF-8 strings, margin as a double; the same values as the trl JSONL.
import type { PairParquetFormat } from './format';
import { trlRecord } from './trl';

export const trlParquet: PairParquetFormat = {
  rows: 'pairs',
  contentType: 'application/vnd.apache.parquet',
  extension: 'parquet',
  columns: [
    { name: 'prompt', type: 'STRING' },
    { name: 'chosen', type: 'STRING' },
    { name: 'rejected', type: 'STRING' },
    { name: 'margin', type: 'DOUBLE' },
  ],
  record: trlRecord,
};
