import { parse as parseCsvSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { JSON_PIECE } from '../../server/import/json-pieces';
import { CSV_PIECE_CHARS, readRows } from '../../server/import/read';

const COLUMNS = { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true };

/** Rows with quoted commas, quotes and line breaks, and characters outside the BMP (two UTF-16 units) everywhere. */
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => `"p ${i} 😀é, ""quoted""","line one\r\nline two ${'🎉'.repeat(i % 7)}",x${i}`);

describe('readRows, read a chunk at a time', () => {
  it('reads a CSV of many pieces exactly as csv-parse reads it whole (BOM, CRLF, quoted line breaks, emoji at piece edges)', async () => {
    const crlf = `\uFEFFPrompt , Output,Z\r\n${rows(6000).join('\r\n')}\r\n\r\n`;
    const lf = `prompt,output,z\n${rows(5000).join('\n')}`;
    const header = 'prompt,output,z\n"';
    const straddling = `${header}${'a'.repeat(CSV_PIECE_CHARS - 1 - header.length)}😀",b,c\n${rows(5000).join('\n')}`; // 😀 across the first piece's end
    expect(straddling.charCodeAt(CSV_PIECE_CHARS - 1)).toBe('😀'.charCodeAt(0));
    for (const csv of [crlf, lf, straddling]) {
      expect(csv.length).toBeGreaterThan(10 * CSV_PIECE_CHARS);
      const read = await readRows('csv', csv);
      expect(read).toEqual(parseCsvSync(csv.replace(/^\uFEFF/, ''), COLUMNS));
      expect(read.at(-1)).toMatchObject({ prompt: expect.stringContaining('😀é, "quoted"'), output: expect.stringContaining('line one\r\nline two') });
    }
  });

  it('rejects a CSV csv-parse cannot read with invalid_import, as a whole read would', async () => {
    for (const csv of ['a,b\n"unclosed', `a,b\n${'1,2\n'.repeat(40_000)}1,2,3\n`]) {
      let expected = '';
      try {
        parseCsvSync(csv, COLUMNS);
      } catch (err) {
        expected = (err as Error).message;
      }
      expect(expected).not.toBe('');
      await expect(readRows('csv', csv)).rejects.toMatchObject({ status: 400, code: 'invalid_import', message: `The CSV cannot be read: ${expected}` });
    }
  });

  it('reads an AlpacaFarm array a piece at a time as JSON.parse reads it whole; a non-array or bad JSON is invalid_import', async () => {
    const alpaca = JSON.stringify(Array.from({ length: 6000 }, (_, i) => ({ instruction: `say ${i} 😀`, input: i % 2 ? '' : `in ${i}`, output: `out "${i}"\n` })));
    expect(alpaca.length).toBeGreaterThan(10 * JSON_PIECE);
    const read = await readRows('alpacafarm', `\uFEFF${alpaca}`);
    expect(read).toHaveLength(6000);
    expect(JSON.stringify(read)).toBe(alpaca);
    const notArray = 'An AlpacaFarm file is a JSON array of {instruction, input, output}';
    for (const content of ['{"instruction":"x"}', '"[not an array]"', '']) {
      await expect(readRows('alpacafarm', content)).rejects.toMatchObject({ status: 400, code: 'invalid_import', message: notArray });
    }
    for (const content of [alpaca.slice(0, -1), `${alpaca.slice(0, -1)},{oops}]`]) {
      await expect(readRows('alpacafarm', content)).rejects.toMatchObject({ status: 400, code: 'invalid_import', message: expect.stringContaining('the file is not valid JSON') });
    }
  });

  it('splits JSONL and plain lines on LF and CRLF alike, skipping blank lines, numbering lines from 1', async () => {
    expect(await readRows('jsonl', '{"a":1}\r\n\r\n{"a":2}\n  \n{"a":3}')).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(await readRows('lines', 'one\r\ntwo\r\n\r\nthree\rstill three\n')).toEqual([{ text: 'one' }, { text: 'two' }, { text: 'three\rstill three' }]);
    await expect(readRows('jsonl', '{"a":1}\n\n{oops')).rejects.toMatchObject({ code: 'invalid_import', message: expect.stringContaining('line 3') });
  });
});
