/**
 * JSON that can be megabytes long (a request body carrying a whole file, an AlpacaFarm array) is parsed a piece at
 * a time with a streaming parser (@streamparser/json), a turn of the event loop between pieces, instead of one
 * JSON.parse that holds the event loop for the whole text (~50 ms per 13 MB, more under load). The parse costs
 * more CPU in all (a few times JSON.parse's), but no piece takes more than about a millisecond.
 */
import { JSONParser } from '@streamparser/json';
import { yieldToEventLoop } from './chunks';

/** Bytes (of a Buffer) or characters (of a string) given to the parser between two turns of the event loop. */
export const JSON_PIECE = 32 * 1024;

/**
 * Strings are gathered in a byte buffer of this size and decoded a buffer at a time: a 25 MB string value becomes
 * a rope of 64 kB pieces, never one join of millions of small pieces at its closing quote (a stall of its own).
 */
const STRING_BUFFER = 64 * 1024;

/** The whole document's value, as JSON.parse(text) (a SyntaxError for text that is not one JSON value). */
export async function parseJsonInPieces(input: string | Uint8Array): Promise<unknown> {
  let root: unknown;
  let found = false;
  await feed(input, ['$'], ({ value }) => {
    root = value;
    found = true;
  });
  if (!found) throw new SyntaxError('No JSON value (the text is empty or blank)');
  return root;
}

/**
 * The elements of a top-level JSON array, emitted one by one as they are parsed (the array itself is never held
 * whole by the parser); a SyntaxError for invalid JSON or a root that is not an array.
 */
export async function parseJsonArrayInPieces(input: string | Uint8Array): Promise<unknown[]> {
  const elements: unknown[] = [];
  let rootIsArray: boolean | undefined;
  await feed(input, ['$', '$.*'], ({ value, stack }) => {
    if (stack.length > 0) elements.push(value);
    else rootIsArray = Array.isArray(value);
  });
  if (rootIsArray === undefined) throw new SyntaxError('No JSON value (the text is empty or blank)');
  if (!rootIsArray) throw new SyntaxError('The JSON value is not an array');
  return elements;
}

type OnValue = (element: { value?: unknown; stack: readonly unknown[] }) => void;

async function feed(input: string | Uint8Array, paths: string[], onValue: OnValue): Promise<void> {
  // keepStack false: a container on a path is emitted without the children already emitted (no second copy)
  const parser = new JSONParser({ paths, keepStack: false, stringBufferSize: STRING_BUFFER });
  parser.onValue = onValue;
  try {
    for (let start = 0; start < input.length; start += JSON_PIECE) {
      // a string split inside a surrogate pair, or bytes inside a UTF-8 sequence: the parser carries the part over
      parser.write(typeof input === 'string' ? input.slice(start, start + JSON_PIECE) : input.subarray(start, start + JSON_PIECE));
      await yieldToEventLoop();
    }
    if (!parser.isEnded) parser.end(); // it ends by itself after the root value (then only whitespace may follow)
  } catch (err) {
    throw new SyntaxError((err as Error).message);
  }
}
