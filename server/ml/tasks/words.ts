/** Small vocabularies for the task families and the pretraining corpus (lowercase, common, regular plurals). */

export const NOUNS = [
  'apple', 'river', 'stone', 'garden', 'window', 'pencil', 'rabbit', 'candle', 'forest', 'bottle',
  'planet', 'monkey', 'basket', 'button', 'carpet', 'dragon', 'engine', 'farmer', 'guitar', 'hammer',
  'island', 'jacket', 'kitten', 'ladder', 'marble', 'needle', 'orange', 'pepper', 'rocket', 'silver',
  'tomato', 'valley', 'wallet', 'yellow', 'bridge', 'cloud', 'desk', 'eagle', 'flower', 'grape',
  'horse', 'lemon', 'mouse', 'night', 'ocean', 'piano', 'queen', 'robot', 'snake', 'table',
  'train', 'water', 'zebra', 'bread', 'chair', 'dream', 'field', 'ghost', 'house', 'juice',
  'knife', 'light', 'music', 'paper', 'shirt', 'tiger', 'watch', 'cat', 'dog', 'sun',
  'moon', 'tree', 'book', 'ship', 'lamp', 'bird', 'fish', 'road', 'door', 'cake',
  'strawberry', 'cherry', 'banana', 'coffee', 'butter', 'letter', 'summer', 'winter', 'school', 'market',
  'mirror', 'pillow', 'spoon', 'sugar', 'tunnel', 'violin', 'wagon', 'castle', 'puzzle', 'kettle',
];

export const ADJECTIVES = [
  'red', 'blue', 'green', 'small', 'big', 'happy', 'quiet', 'bright', 'cold', 'warm',
  'old', 'new', 'fast', 'slow', 'soft', 'loud', 'dark', 'sweet', 'tall', 'short',
  'brave', 'calm', 'clever', 'gentle', 'lucky', 'proud', 'silly', 'tiny', 'wild', 'young',
];

export const VERBS = [
  'runs', 'sleeps', 'sings', 'waits', 'jumps', 'reads', 'swims', 'walks', 'plays', 'rests',
  'shines', 'falls', 'grows', 'moves', 'looks', 'listens', 'smiles', 'works', 'dances', 'hides',
];

export const PLACES = [
  'in the park', 'near the river', 'at home', 'under the tree', 'by the sea', 'in the garden',
  'on the hill', 'at school', 'in the kitchen', 'behind the house', 'in the rain', 'at night',
];

export const NAMES = [
  'Ann', 'Bob', 'Cara', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana', 'Ivy', 'Jon',
  'Kim', 'Leo', 'Mia', 'Ned', 'Omar', 'Pia', 'Raj', 'Sam', 'Tess', 'Uma',
];

export const CITIES = ['Paris', 'Rome', 'Oslo', 'Lima', 'Cairo', 'Tokyo', 'Delhi', 'Quito', 'Bern', 'Seoul'];
export const COLORS = ['red', 'blue', 'green', 'black', 'white', 'pink', 'gray', 'gold'];
export const PETS = ['cat', 'dog', 'fish', 'bird', 'horse', 'rabbit', 'mouse', 'snake'];

/** All single words, deduplicated. */
export const WORDS: readonly string[] = [...new Set([...NOUNS, ...ADJECTIVES, ...VERBS])];

export function capitalize(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

export const NUMBER_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const IRREGULAR_PLURALS: Record<string, string> = { mouse: 'mice', knife: 'knives', fish: 'fish' };

export function plural(noun: string): string {
  if (IRREGULAR_PLURALS[noun]) return IRREGULAR_PLURALS[noun];
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|sh|ch|x)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** Everyday words missing from WordNet that the task world's reference answers use (see dictionary.ts). */
export const EXTRA_WORDS: readonly string[] = ['overwater', 'offline'];
