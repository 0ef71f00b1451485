import { parse as csvParser } from 'csv-parse';
import type { z } from 'zod';
import { HttpError } from '../errors';
import { mapInChunks, yieldToEventLoop } from './chunks';
import { parseJsonArrayInPieces } from './json-pieces';

export type RowFormat = 'jsonl' | 'csv' | 'lines' | 'alpacafarm';
export type RawRow = Record<string, unknown>;

/** CSV text goes to the parser this many characters at a time (about 1 ms each), the event loop served between pieces. */
export const CSV_PIECE_CHARS = 16 * 1024;

/**
 * File content → plain rows. Plain lines become {text}; blank lines and blank CSV rows are skipped. Yields to the
 * event loop as it goes (server/import/chunks.ts); an AlpacaFarm file (one JSON array) is parsed a piece at a time
 * too (json-pieces.ts).
 */
export async function readRows(format: RowFormat, content: string): Promise<RawRow[]> {
  const text = content.replace(/^\uFEFF/, '');
  switch (format) {
    case 'lines': {
      const rows = await mapInChunks(text.split('\n'), (line): RawRow | undefined => (line.trim() === '' ? undefined : { text: withoutCr(line) }));
      return rows.filter((row): row is RawRow => row !== undefined);
    }
    case 'jsonl': {
      const rows = await mapInChunks(text.split('\n'), (line, i) => (line.trim() === '' ? undefined : parseJson(withoutCr(line), `line ${i + 1}`)));
      return rows.filter((row): row is RawRow => row !== undefined);
    }
    case 'alpacafarm':
      return readAlpacaFarm(text);
    case 'csv':
      return readCsv(text);
  }
}

/** An AlpacaFarm file: a JSON array of {instruction, input, output}, its rows emitted one by one as they are parsed. */
async function readAlpacaFarm(text: string): Promise<RawRow[]> {
  const notAnArray = 'An AlpacaFarm file is a JSON array of {instruction, input, output}';
  if (!text.trimStart().startsWith('[')) throw invalidImport(notAnArray); // before reading megabytes of something else
  try {
    return (await parseJsonArrayInPieces(text)) as RawRow[];
  } catch (err) {
    if (err instanceof SyntaxError) throw invalidImport(`the file is not valid JSON: ${err.message}`);
    throw err;
  }
}

/** csv-parse's streaming parser, fed piece by piece: the same rows as its sync parse of the whole text. */
async function readCsv(text: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  let failure: Error | undefined;
  const parser = csvParser({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true });
  parser.on('data', (row: RawRow) => rows.push(row));
  parser.on('error', (err: Error) => {
    failure ??= err;
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('error', () => resolve());
  });
  for (let start = 0; start < text.length && !failure; ) {
    let end = Math.min(text.length, start + CSV_PIECE_CHARS);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++; // never split a character in two
    parser.write(text.slice(start, end));
    start = end;
    await yieldToEventLoop();
  }
  if (!failure) parser.end();
  await ended;
  if (failure) throw invalidImport(`The CSV cannot be read: ${failure.message}`);
  return rows;
}

/** Lines end in \n or \r\n (split on '\n', then this: a regex split of 25 MB takes 10x as long). */
const withoutCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

function parseJson(text: string, where: string): RawRow {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidImport(`${where} is not valid JSON: ${(err as Error).message}`);
  }
}

export const invalidImport = (message: string, details?: unknown) => new HttpError(400, 'invalid_import', message, details);

/**
 * Validates every row (in chunks, see chunks.ts) before anything is written; rejects the whole import (nothing
 * written) listing the first bad rows.
 */
export async function parseRows<S extends z.ZodType>(schema: S, rows: RawRow[]): Promise<z.output<S>[]> {
  const out: z.output<S>[] = [];
  const bad: { row: number; message: string }[] = [];
  await mapInChunks(rows, (row, i) => {
    const result = schema.safeParse(row);
    if (result.success) out.push(result.data);
    else bad.push({ row: i + 1, message: result.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
  });
  if (bad.length > 0) throw invalidImport(`${bad.length} of ${rows.length} rows are not valid; nothing was imported`, { rows: bad.slice(0, 20) });
  if (out.length === 0) throw invalidImport('The file has no rows');
  return out;
}
