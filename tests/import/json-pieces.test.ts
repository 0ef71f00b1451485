import { describe, expect, it } from 'vitest';
import { JSON_PIECE, parseJsonArrayInPieces, parseJsonInPieces } from '../../server/import/json-pieces';

/** Rows with escapes, quotes, line breaks and characters outside the BMP (two UTF-16 units, four UTF-8 bytes). */
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    instruction: `p ${i} 😀é "quoted"\n\ttab \\ back`,
    input: i % 3 === 0 ? '' : null,
    output: `${'🎉'.repeat(i % 7)} answer ${i}`,
    n: [i, -i / 7, 1e21 * i, true, false, null],
  }));

/** Counts the turns the event loop gives others (setImmediate callbacks) while `run` is in flight. */
async function turnsDuring<T>(run: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await run();
  running = false;
  return { result, turns };
}

describe('JSON parsed a piece at a time', () => {
  it('gives what JSON.parse gives, from a string or from UTF-8 bytes, with characters split across pieces', async () => {
    const doc = { format: 'alpacafarm', model: 'm', content: JSON.stringify(rows(3000)), nested: { a: [[], {}, [{ b: 'c' }]], e: 1.5e-7 } };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(10 * JSON_PIECE);
    const bytes = Buffer.from(text);
    expect(bytes.length).toBeGreaterThan(text.length); // multi-byte characters: pieces of bytes end mid-character
    expect(await parseJsonInPieces(text)).toEqual(doc);
    expect(await parseJsonInPieces(bytes)).toEqual(doc);
    // an emoji's two UTF-16 units (and its four bytes) straddling the first piece's end
    const straddling = `{"s":"${'a'.repeat(JSON_PIECE - 7)}😀 end"}`;
    expect(straddling.charCodeAt(JSON_PIECE - 1)).toBe('😀'.charCodeAt(0));
    expect(await parseJsonInPieces(straddling)).toEqual(JSON.parse(straddling));
    expect(await parseJsonInPieces(Buffer.from(straddling))).toEqual(JSON.parse(straddling));
  });

  it('gives the event loop a turn between pieces', async () => {
    const text = JSON.stringify({ content: 'x'.repeat(20 * JSON_PIECE) });
    const { result, turns } = await turnsDuring(() => parseJsonInPieces(text));
    expect(result).toEqual({ content: 'x'.repeat(20 * JSON_PIECE) });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(text.length / JSON_PIECE) - 1);
  });

  it('keeps a "__proto__" key an own property, as JSON.parse does', async () => {
    const parsed = (await parseJsonInPieces('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws a SyntaxError where JSON.parse would: truncated, trailing garbage, bad tokens, nothing at all', async () => {
    for (const bad of ['{"a":', '{"a":1} {', '{"a":1}x', "{'a':1}", '[1,2', '{"a":tru}', '', '  \n ', `{"big":"${'y'.repeat(3 * JSON_PIECE)}"`]) {
      expect(() => JSON.parse(bad)).toThrow(SyntaxError);
      await expect(parseJsonInPieces(bad)).rejects.toBeInstanceOf(SyntaxError);
    }
    expect(await parseJsonInPieces('{"a":1}  \r\n\t')).toEqual({ a: 1 }); // whitespace may follow
  });

  it('emits the elements of a top-level array one by one, the same as JSON.parse of the whole', async () => {
    const text = JSON.stringify(rows(5000), null, 1);
    const elements = await parseJsonArrayInPieces(text);
    expect(elements).toHaveLength(5000);
    expect(JSON.stringify(elements)).toBe(JSON.stringify(JSON.parse(text))); // (toEqual on 5000 rows is slow)
    expect(await parseJsonArrayInPieces('[]')).toEqual([]);
    expect(await parseJsonArrayInPieces('[[1],[2,[3]]]')).toEqual([[1], [2, [3]]]);
    await expect(parseJsonArrayInPieces('{"a":[1,2]}')).rejects.toThrow('not an array');
    await expect(parseJsonArrayInPieces('"text"')).rejects.toThrow('not an array');
    await expect(parseJsonArrayInPieces(`${text.slice(0, -1)}`)).rejects.toBeInstanceOf(SyntaxError);
  });
});
