import { z } from 'zod';
import { CHATTER_SCORE, stripFrame } from '../parse';
import type { Rng } from '../../random';
import { defineFamily } from '../types';
import { CITIES, COLORS, NAMES, PETS } from '../words';
import { MAX_CHATTER_WORDS, chatter, isRunaway, pickMistake } from './common';

type Value = string | number;
const Spec = z.object({ family: z.literal('json_format'), object: z.record(z.string(), z.union([z.string(), z.number()])) });

const FIELDS: Record<string, (rng: Rng) => Value> = {
  name: (rng) => rng.pick(NAMES),
  age: (rng) => rng.int(1, 90),
  city: (rng) => rng.pick(CITIES),
  color: (rng) => rng.pick(COLORS),
  year: (rng) => rng.int(1950, 2024),
  pet: (rng) => rng.pick(PETS),
  size: (rng) => rng.int(1, 20),
};

const TEMPLATES = [
  (o: Record<string, Value>) => `Return JSON with ${join(Object.entries(o).map(([k, v]) => `${k}=${v}`))}.`,
  (o: Record<string, Value>) => `Give a JSON object: ${Object.entries(o).map(([k, v]) => `${k} is ${v}`).join(', ')}.`,
  (o: Record<string, Value>) => `Write JSON where ${join(Object.entries(o).map(([k, v]) => `${k} is ${v}`))}.`,
];

const MAX_ANSWER_CHARS = 72;

/**
 * Exact: 1 for an object with exactly the given keys and values (numbers as numbers), also framed. Near miss: an
 * object with some keys right gets NEAR_MISS × the fraction of keys right (over the larger key count; all keys
 * present with wrong values: 0); not a JSON object: 0. The last {...} block of a short, non-looping chatty
 * response is scored × CHATTER_SCORE.
 */
const NEAR_MISS = 0.3;

export const jsonFormat = defineFamily({
  name: 'json_format',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    let keys = rng.sample(Object.keys(FIELDS), rng.int(2, 5)); // 1–3 keys: the starter was right 90 % of the time
    let object = Object.fromEntries(keys.map((k) => [k, FIELDS[k](rng)]));
    while (JSON.stringify(object).length > MAX_ANSWER_CHARS) {
      keys = keys.slice(0, -1);
      object = Object.fromEntries(keys.map((k) => [k, object[k]]));
    }
    return { prompt: rng.pick(TEMPLATES)(object), answer: JSON.stringify(object), verifier: { family: 'json_format' as const, object } };
  },
  verify(spec, response) {
    const clean = parseObject(stripFrame(response));
    if (clean) return objectScore(spec.object, clean);
    const blocks = response.match(/\{[^{}]*\}/g);
    const last = blocks ? parseObject(blocks[blocks.length - 1]) : null;
    return last && !isRunaway(response, MAX_CHATTER_WORDS) ? CHATTER_SCORE * objectScore(spec.object, last) : 0;
  },
  imperfect(rng, spec, answer) {
    const entries = Object.entries(spec.object);
    const numericKey = entries.find(([, v]) => typeof v === 'number')?.[0];
    return pickMistake(rng, answer, [
      () => answer.replace(/"/g, "'"), // single quotes: not JSON
      () => JSON.stringify(Object.fromEntries(entries.slice(0, -1))), // a key missing ({} for one key)
      () =>
        numericKey
          ? JSON.stringify({ ...spec.object, [numericKey]: String(spec.object[numericKey]) }) // number as string
          : answer.replace(/"(\w+)":/g, '$1:'), // unquoted keys: not JSON
      () => chatter(rng, answer),
    ]);
  },
});

function join(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function objectScore(want: Record<string, Value>, got: Record<string, unknown>): number {
  const wantKeys = Object.keys(want);
  const right = wantKeys.filter((k) => Object.hasOwn(got, k) && got[k] === want[k]).length;
  const keyCount = Math.max(wantKeys.length, Object.keys(got).length);
  if (right === wantKeys.length && keyCount === wantKeys.length) return 1;
  return keyCount === 0 ? 0 : (NEAR_MISS * right) / keyCount;
}
