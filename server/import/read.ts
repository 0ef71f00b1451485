import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { HttpError } from '../errors';

export type RowFormat = 'jsonl' | 'csv' | 'lines' | 'alpacafarm';
export type RawRow = Record<string, unknown>;

/** File content → plain rows. Plain lines become {text}; blank lines and blank CSV rows are skipped. */
export function readRows(format: RowFormat, content: string): RawRow[] {
  const text = content.replace(/^\uFEFF/, '');
  switch (format) {
    case 'lines':
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => ({ text: line }));
    case 'jsonl':
      return text.split(/\r?\n/).flatMap((line, i) => (line.trim() === '' ? [] : [parseJson(line, `line ${i + 1}`)]));
    case 'alpacafarm': {
      const rows = parseJson(text, 'the file');
      if (!Array.isArray(rows)) throw invalidImport('An AlpacaFarm file is a JSON array of {instruction, input, output}');
      return rows as RawRow[];
    }
    case 'csv':
      try {
        return parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true });
      } catch (err) {
        throw invalidImport(`The CSV cannot be read: ${(err as Error).message}`);
      }
  }
}

function parseJson(text: string, where: string): RawRow {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidImport(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

export const invalidImport = (message: string, details?: unknown) => new HttpError(400, 'invalid_import', message, details);

/** Validates every row; rejects the whole import (nothing written) listing the first bad rows. */
export function parseRows<S extends z.ZodType>(schema: S, rows: RawRow[]): z.output<S>[] {
  const out: z.output<S>[] = [];
  const bad: { row: number; message: string }[] = [];
  rows.forEach((row, i) => {
    const result = schema.safeParse(row);
    if (result.success) out.push(result.data);
    else bad.push({ row: i + 1, message: result.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
  });
  if (bad.length > 0) throw invalidImport(`${bad.length} of ${rows.length} rows are not valid; nothing was imported`, { rows: bad.slice(0, 20) });
  if (out.length === 0) throw invalidImport('The file has no rows');
  return out;
}
