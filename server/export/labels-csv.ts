// Raw labels as RFC 4180 CSV (csv-stringify, CRLF rows), the labels-jsonl columns. A text cell that a
// spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP CSV injection);
// so does one that already starts with apostrophes before such a character, so that the import can take exactly
// one apostrophe off every cell that has one there (server/import/raw-labels-format.ts) and get the text back.
import { stringify } from 'csv-stringify/sync';
import type { LabelFormat } from './format';
import { LABEL_COLUMNS, labelRecord } from './labels-jsonl';

const FORMULA_START = /^'*[=+\-@\t\r]/;

export const neutralise = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

const cellOf = (value: unknown): string | number => {
  if (typeof value === 'number') return value;
  if (value === null) return '';
  return neutralise(typeof value === 'string' ? value : JSON.stringify(value));
};

const csvRow = (cells: (string | number)[]): string => stringify([cells], { record_delimiter: 'windows' });

export const labelsCsv: LabelFormat = {
  rows: 'labels',
  contentType: 'text/csv',
  extension: 'csv',
  header: csvRow(LABEL_COLUMNS),
  line: (l) => {
    const record = labelRecord(l);
    return csvRow(LABEL_COLUMNS.map((c) => cellOf(record[c])));
  },
};
