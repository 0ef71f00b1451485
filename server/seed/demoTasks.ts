import type { Rng } from '../ml/random';

/** One demo prompt with a careful answer and a flawed one (the flaw is what an annotator should catch). */
export interface DemoTask {
  family: string;
  prompt: string;
  careful: string;
  sloppy: string;
}

const WORDS = ['planet', 'garden', 'silver', 'rocket', 'window', 'pencil', 'forest', 'orange', 'butter', 'candle'];
const FRUITS = ['apple', 'pear', 'plum', 'mango', 'cherry', 'kiwi', 'peach', 'grape', 'lemon', 'melon'];

export function arithmetic(r: Rng): DemoTask {
  const [a, b] = [r.int(12, 99), r.int(12, 99)];
  const times = r.next() < 0.5;
  const answer = times ? a * b : a + b;
  const op = times ? '×' : '+';
  const wrong = answer + r.pick([-10, -2, -1, 1, 2, 10]);
  return {
    family: 'arithmetic',
    prompt: `What is ${a} ${op} ${b}? Answer with the result.`,
    careful: `${a} ${op} ${b} = ${answer}`,
    sloppy: `${a} ${op} ${b} = ${wrong}`,
  };
}

export function sorting(r: Rng): DemoTask {
  const numbers = Array.from({ length: r.int(5, 7) }, () => r.int(1, 60));
  const sorted = [...numbers].sort((x, y) => x - y);
  const almost = [...sorted];
  const i = r.int(0, almost.length - 2);
  [almost[i], almost[i + 1]] = [almost[i + 1], almost[i]];
  if (almost.join() === sorted.join()) almost.reverse();
  return {
    family: 'sorting',
    prompt: `Sort these numbers in ascending order: ${numbers.join(', ')}`,
    careful: sorted.join(', '),
    sloppy: almost.join(', '),
  };
}

/** Makers get their index within the family so that no two prompts of a family are the same text. */
export type DemoMaker = (r: Rng, i: number) => DemoTask;

export function reverseWord(r: Rng, i: number): DemoTask {
  const word = WORDS[i % WORDS.length];
  const reversed = [...word].reverse().join('');
  const k = r.int(1, word.length - 3);
  const flawed = reversed.slice(0, k) + reversed[k + 1] + reversed[k] + reversed.slice(k + 2);
  return {
    family: 'reverse',
    prompt: `Reverse the letters of the word "${word}".`,
    careful: `"${word}" reversed is "${reversed}".`,
    sloppy: `"${word}" reversed is "${flawed === reversed ? word : flawed}".`,
  };
}

const COUNT_WORDS = ['banana', 'mississippi', 'parallel', 'committee', 'bookkeeper', 'assessment', 'referee'];

export function countLetters(r: Rng, i: number): DemoTask {
  const word = COUNT_WORDS[i % COUNT_WORDS.length];
  const letters = [...new Set(word)].filter((c) => word.split(c).length > 2);
  const letter = r.pick(letters.length > 0 ? letters : [...word]);
  const count = word.split(letter).length - 1;
  return {
    family: 'counting',
    prompt: `How many times does the letter "${letter}" appear in "${word}"?`,
    careful: `The letter "${letter}" appears ${count} times in "${word}".`,
    sloppy: `It appears ${count + r.pick([-1, 1])} times.`,
  };
}

export function formatting(_r: Rng, i: number): DemoTask {
  const fruits = [2 * i, 2 * i + 1, 2 * i + 5].map((k) => FRUITS[k % FRUITS.length]);
  return {
    family: 'formatting',
    prompt: `Format these fruits as a Markdown bulleted list, one per line: ${fruits.join(', ')}`,
    careful: fruits.map((f) => `- ${f}`).join('\n'),
    sloppy: `${fruits.join(', ')}.`,
  };
}

/** Open-ended prompts: the flawed answer is correct but far too terse to help. */
export const OPEN_ENDED: DemoTask[] = [
  {
    family: 'explain',
    prompt: 'Explain in two or three sentences why the sky is blue.',
    careful:
      'Sunlight contains every colour, and the air scatters short (blue) wavelengths much more strongly than long (red) ones; this is Rayleigh scattering. So blue light reaches our eyes from every direction of the sky, while the sun itself looks slightly yellow.',
    sloppy: 'Because of the light.',
  },
  {
    family: 'explain',
    prompt: 'Explain what a hash table is to a new programmer.',
    careful:
      'A hash table stores key–value pairs. A hash function turns each key into an index in an array, so looking a key up, inserting or deleting usually takes constant time. When two keys land on the same index (a collision) the table keeps both, for example in a short list at that slot.',
    sloppy: 'It is a table with hashes.',
  },
  {
    family: 'write',
    prompt: 'Write a short, friendly message reminding a colleague about tomorrow\'s 10:00 meeting.',
    careful:
      'Hi Sam, just a quick reminder that we meet tomorrow at 10:00 in the small meeting room. Could you bring the latest figures? See you then!',
    sloppy: 'meeting 10',
  },
  {
    family: 'write',
    prompt: 'Write a haiku about autumn.',
    careful: 'Red leaves drift and fall\nwhispering across the path\nthe cold wind follows',
    sloppy: 'Autumn is nice.',
  },
  {
    family: 'explain',
    prompt: 'Explain the difference between weather and climate.',
    careful:
      'Weather is what the atmosphere does over hours or days: today\'s rain, tomorrow\'s heat. Climate is the long-term pattern of weather in a place, usually averaged over 30 years or more, such as a region\'s typical winter temperature.',
    sloppy: 'Climate is longer.',
  },
];
