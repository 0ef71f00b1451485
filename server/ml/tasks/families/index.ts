import type { TaskFamily } from '../types';
import { add } from './add';
import { changeCase } from './change-case';
import { compareNumbers } from './compare-numbers';
import { countLetter } from './count-letter';
import { firstLetters } from './first-letters';
import { jsonFormat } from './json-format';
import { listExtreme } from './list-extreme';
import { multiply } from './multiply';
import { oneSentence } from './one-sentence';
import { reverseWord } from './reverse-word';
import { sortNumbers } from './sort-numbers';
import { wordCount } from './word-count';
import { writeList } from './write-list';

/** Every family, exact ones first; the order is the round-robin order of generated datasets. */
export const FAMILY_REGISTRY: readonly TaskFamily[] = [
  add,
  multiply,
  sortNumbers,
  reverseWord,
  countLetter,
  changeCase,
  listExtreme,
  wordCount,
  jsonFormat,
  firstLetters,
  compareNumbers,
  writeList,
  oneSentence,
];

const BY_NAME = new Map(FAMILY_REGISTRY.map((f) => [f.name, f]));

export function getFamily(name: string): TaskFamily {
  const family = BY_NAME.get(name);
  if (!family) throw new Error(`unknown task family '${name}' (known: ${[...BY_NAME.keys()].join(', ')})`);
  return family;
}
