/**
 * Verifiers must not be gameable: text in the right shape without the content scores ≤ 0.3, while right answers
 * score 1 and natural right answers in other words score ≥ 0.8. Every sample is built from real generated tasks
 * (fixed seed), for every family.
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, generateTasks, getFamily, type TaskInstance, verify } from '../../../server/ml/tasks';
import { englishLexicon } from '../../../server/ml/tasks/dictionary';
import { CHATTER_SCORE } from '../../../server/ml/tasks/parse';
import { TIPS, TOPIC_WORDS } from '../../../server/ml/tasks/families/list-topics';
import { sharedKeywordKind } from '../../../server/ml/tasks/families/one-sentence';
import { createRng, type Rng } from '../../../server/ml/random';

const SEED = 2024;
const TASKS_PER_FAMILY = 24;
const MAX_ADVERSARIAL = 0.3;
const MIN_NATURAL = 0.8;

type Spec = Record<string, unknown> & { family: string };
type Sample = (t: TaskInstance, rng: Rng) => string | null;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const randomLetters = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.pick([...LETTERS])).join('');
const gibberishWords = (rng: Rng, n: number) => Array.from({ length: n }, () => randomLetters(rng, rng.int(3, 7))).join(' ');
/** Real but random words: dictionary entries drawn at random (mostly rare, never chosen for the topic). */
const LEXICON = [...englishLexicon()].filter((w) => /^[a-z]{4,}$/.test(w));
const randomRealWords = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.pick(LEXICON)).join(' ');
const bullets = (items: readonly string[]) => items.map((i) => `- ${i}`).join('\n');
const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Shape without content, for every family. */
const GENERIC: Record<string, Sample> = {
  empty: () => '',
  blank: () => ' \n\t ',
  'prompt echoed': (t) => t.prompt,
  'chatter only': () => 'Sure! Let me think about that for a moment.',
  'random letters': (_, rng) => `${capital(gibberishWords(rng, 4))}.`,
  'nonsense answer': () => 'The answer is thone.',
  'answer looped': (t) => Array(30).fill(t.answer).join(' '),
  'answer looped on lines': (t) => Array(12).fill(t.answer).join('\n'),
  'syllable loop': () => 'da yo da ya tho da yo da ya tho da yo da ya tho',
};

function numeric(expected: (spec: Spec) => number, questionNumbers?: (spec: Spec) => number[]): Record<string, Sample> {
  const wrong = (t: TaskInstance, rng: Rng) => expected(t.verifier) + rng.pick([-11, -2, -1, 1, 2, 7, 10]);
  const samples: Record<string, Sample> = {
    'wrong number': (t, rng) => String(wrong(t, rng)),
    'wrong number, framed': (t, rng) => `The answer is ${wrong(t, rng)}.`,
    'wrong number in chatter': (t, rng) => `Sure! I think it is ${wrong(t, rng)}.`,
    'wrong number as a word': (t, rng) => NUMBER_WORDS[(expected(t.verifier) + rng.int(1, 10)) % 11],
    'counting up to twelve': () => '1 2 3 4 5 6 7 8 9 10 11 12',
  };
  if (!questionNumbers) return samples;
  return {
    ...samples,
    "the question's numbers": (t) => questionNumbers(t.verifier).join(', '),
    "the question's numbers re-sorted": (t) => questionNumbers(t.verifier).slice().sort((a, b) => a - b).join(' '),
  };
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const sum = (xs: unknown) => (xs as number[]).reduce((s, x) => s + x, 0);
const letterCount = (s: Spec) => [...String(s.word)].filter((c) => c === s.letter).length;

/** Family-specific shape without content. */
const SPECIFIC: Record<string, Record<string, Sample>> = {
  add: numeric((s) => sum(s.operands), (s) => s.operands as number[]),
  multiply: numeric((s) => (s.operands as number[])[0] * (s.operands as number[])[1], (s) => s.operands as number[]),
  count_letter: numeric(letterCount),
  word_count: numeric((s) => String(s.text).split(/\s+/).length),
  list_extreme: {
    ...numeric((s) => (s.which === 'max' ? Math.max : Math.min)(...(s.numbers as number[])), (s) => s.numbers as number[]),
    'the other extreme': (t) => String((t.verifier.which === 'max' ? Math.min : Math.max)(...(t.verifier.numbers as number[]))),
  },
  compare_numbers: {
    'the other answer': (t) =>
      t.verifier.question === 'a_greater' ? (t.answer === 'yes' ? 'no' : 'yes') : String(t.answer === String(t.verifier.a) ? t.verifier.b : t.verifier.a),
    'both candidates': (t) => (t.verifier.question === 'a_greater' ? 'yes or no' : `${t.verifier.a} or ${t.verifier.b}`),
    'both candidates in chatter': (t) => (t.verifier.question === 'a_greater' ? 'Maybe yes, maybe no.' : `It is either ${t.verifier.a} or ${t.verifier.b}.`),
    'a loop of the answer': (t) => Array(8).fill(t.answer).join(' '),
    'wrong number': (t) => String(Number(t.verifier.a) + Number(t.verifier.b)),
  },
  sort_numbers: {
    reversed: (t) => t.answer.split(', ').reverse().join(', '),
    'input echoed': (t) => (alreadySorted(t) ? null : (t.verifier.numbers as number[]).join(', ')),
    'two pairs out of order': (t) => {
      const xs = t.answer.split(', ');
      if (xs.length < 4) return null;
      [xs[0], xs[1], xs[2], xs[3]] = [xs[1], xs[0], xs[3], xs[2]];
      return xs.join(', ');
    },
    'a number dropped': (t) => t.answer.split(', ').slice(1).join(', '),
    'list doubled': (t) => `${t.answer}, ${t.answer}`,
    'right shape, wrong numbers': (t) => t.answer.split(', ').map((x) => String(Number(x) + 1)).join(', '),
  },
  reverse_word: {
    'word unchanged': (t) => String(t.verifier.word),
    'random letters, same length': (t, rng) => randomLetters(rng, t.answer.length),
    'letters sorted': (t) => [...t.answer].sort().join(''),
    'framed wrong': (t) => `The answer is ${t.verifier.word}.`,
    'reversed word looped': (t) => `Here: ${Array(10).fill(t.answer).join(' ')}`,
  },
  change_case: {
    'text unchanged': (t) => String(t.verifier.text),
    'wrong case': (t) => (t.answer === t.answer.toUpperCase() ? t.answer.toLowerCase() : t.answer.toUpperCase()),
    'random words in the right case': (t, rng) => {
      const words = randomRealWords(rng, t.answer.split(' ').length);
      return t.verifier.mode === 'upper' ? words.toUpperCase() : t.verifier.mode === 'lower' ? words : words.split(' ').map(capital).join(' ');
    },
    'framed text unchanged': (t) => `The answer is ${t.verifier.text}.`,
    'answer looped in chatter': (t) => `Okay: ${Array(6).fill(t.answer).join(' ')}`,
  },
  json_format: {
    'valid JSON, wrong values': (t) =>
      JSON.stringify(Object.fromEntries(Object.entries(t.verifier.object as object).map(([k, v]) => [k, typeof v === 'number' ? v + 1 : `${v}x`]))),
    'keys with null values': (t) => JSON.stringify(Object.fromEntries(Object.keys(t.verifier.object as object).map((k) => [k, null]))),
    'empty object': () => '{}',
    'values as an array': (t) => JSON.stringify(Object.values(t.verifier.object as object)),
    'wrong keys, right values': (t) => JSON.stringify(Object.fromEntries(Object.values(t.verifier.object as object).map((v, i) => [`field${i}`, v]))),
    'answer looped': (t) => `Sure! ${Array(5).fill(t.answer).join(' ')}`,
  },
  first_letters: {
    'the words themselves': (t) => (t.verifier.words as string[]).join(' '),
    'last letters': (t) => ((t.verifier.words as string[]).map((w) => w[w.length - 1]).join('').toUpperCase() === t.answer ? null : (t.verifier.words as string[]).map((w) => w[w.length - 1]).join('').toUpperCase()),
    'random capitals, same length': (t, rng) => {
      const s = randomLetters(rng, t.answer.length).toUpperCase();
      return s === t.answer ? null : s;
    },
    'acronym looped': (t) => `It is ${Array(8).fill(t.answer).join(' ')}`,
    'framed wrong': (t) => `The answer is ${t.answer.slice(1)}.`,
  },
  write_list: {
    'non-words in a list': (t, rng) => bullets(Array.from({ length: Number(t.verifier.count) }, () => capital(gibberishWords(rng, 3)))),
    'the measured RL failure': (t) => bullets(['Breat brad bracks', 'Da yo da ya tho', 'Thone brast klimp', 'Snoft pell gribs'].slice(0, Number(t.verifier.count))),
    'random real words in a list': (t, rng) => bullets(Array.from({ length: Number(t.verifier.count) }, () => capital(randomRealWords(rng, 3)))),
    "another topic's tips": (t) => bullets(TIPS[unrelatedTopic(String(t.verifier.topic))].slice(0, Number(t.verifier.count))),
    'the prompt as bullets': (t) => bullets(Array(Number(t.verifier.count)).fill(t.prompt)),
    'one tip repeated ten times': (t) => bullets(Array(10).fill(TIPS[String(t.verifier.topic)][0])),
    'chatter as bullets': (t) => bullets(['Sure, here you go', 'I hope this helps', 'Here are some tips', 'Okay, that is all'].slice(0, Number(t.verifier.count))),
    'empty bullets': (t) => Array(Number(t.verifier.count)).fill('- ').join('\n'),
    'looping items': (t) => bullets(TIPS[String(t.verifier.topic)].slice(0, Number(t.verifier.count)).map((tip) => `${tip} ${tip} ${tip}`)),
    'topic words as items': (t) => bullets([String(t.verifier.topic), `Tips for ${t.verifier.topic}`, 'Tips', `More tips for ${t.verifier.topic}`].slice(0, Number(t.verifier.count))),
  },
  one_sentence: {
    'non-words with the keyword': (t, rng) => `The ${head(t)} is ${gibberishWords(rng, 2)} and ${t.verifier.keyword}.`,
    'random words with subject and keyword': (t, rng) => `${capital(head(t))} ${randomRealWords(rng, 3)} ${t.verifier.keyword} ${randomRealWords(rng, 1)}.`,
    'keyword stuffed': (t) => `${capital(String(t.verifier.keyword))} ${t.verifier.keyword} ${t.verifier.keyword} ${t.verifier.keyword}.`,
    'about the task, not the subject': (t) => `Here is a sentence about ${t.verifier.subject} with the word ${t.verifier.keyword}.`,
    'chatter sentence': () => 'Sure, here is one for you.',
    'pieces of the prompt': (t) => `${capital(String(t.verifier.subject))} ${t.verifier.keyword}.`,
    "another subject's sentence": (t) => otherSubjectSentence(t),
    'a sentence looped': (t) => Array(5).fill(t.answer).join(' '),
  },
};

const alreadySorted = (t: TaskInstance) => (t.verifier.numbers as number[]).join(', ') === t.answer;
const head = (t: TaskInstance) => String(t.verifier.subject).split(' ').pop() ?? '';

/** The first topic (table order) none of whose tips uses a word of `topic`: tips for something else entirely. */
function unrelatedTopic(topic: string): string {
  const words = new Set(TOPIC_WORDS[topic].split(' '));
  return Object.keys(TIPS).find((other) => other !== topic && TIPS[other].every((tip) => tip.toLowerCase().split(' ').every((w) => !words.has(w.replace(/s$/, '')))))!;
}

/** A reference sentence of another task about another subject, without this task's keyword. */
function otherSubjectSentence(t: TaskInstance): string | null {
  const other = ONE_SENTENCE_TASKS.find(
    (o) => o.verifier.subject !== t.verifier.subject && !o.answer.toLowerCase().includes(String(t.verifier.keyword)) && !o.answer.toLowerCase().includes(head(t)),
  );
  return other ? other.answer : null;
}

/** Right answers in other words: every one must score ≥ 0.8. */
const OTHER_TIPS: Record<string, string[]> = {
  'better sleep': ['Keep a regular bedtime', 'Avoid caffeine after noon', 'Make your bedroom quiet', 'Put the phone away at night'],
  'saving money': ['Track every expense', 'Cancel unused subscriptions', 'Compare prices before you buy', 'Pay off your debt'],
  studying: ['Take short breaks', 'Quiz yourself on the notes', 'Study at the same desk', 'Plan your week of lessons'],
  'staying healthy': ['Eat fresh fruit', 'Exercise three times a week', 'Take the stairs', 'Get enough rest'],
  'a tidy room': ['Fold your clothes', 'Empty the trash bin', 'Keep the desk clear', 'Sort the drawers'],
  'learning to cook': ['Follow simple recipes', 'Learn to chop onions', 'Use fresh ingredients', 'Clean the kitchen as you cook'],
  'a long trip': ['Plan your route', 'Bring a pillow', 'Keep your tickets ready', 'Stretch at every stop'],
  'writing well': ['Write a clear outline', 'Prefer simple words', 'Check your spelling', 'Revise the draft twice'],
  'a job interview': ['Learn about the company', 'Practice common questions', 'Bring copies of your resume', 'Thank the interviewer'],
  'growing plants': ['Check the soil often', 'Place pots near a window', 'Feed them with compost', 'Trim the dead stems'],
  'making friends': ['Join a local group', 'Invite people for coffee', 'Listen more than you talk', 'Share your hobbies'],
  running: ['Buy proper running shoes', 'Stretch your legs after', 'Increase distance slowly', 'Run on soft trails'],
  'reading more': ['Keep a book in your bag', 'Read ten pages a day', 'Visit a bookstore', 'Swap novels with friends'],
  'a picnic': ['Pack sandwiches', 'Find a shady park', 'Bring plates and napkins', 'Take a ball to play with'],
  'public speaking': ['Rehearse your speech', 'Pause between points', 'Make eye contact', 'Speak to the back of the room'],
  'a new pet': ['Buy a leash and collar', 'Visit the vet early', 'Get some toys', 'Feed it at the same time'],
  'learning a language': ['Learn ten new words daily', 'Listen to podcasts', 'Speak with native speakers', 'Watch movies with subtitles'],
  'a rainy day': ['Bake cookies', 'Watch a movie', 'Do a puzzle', 'Paint a picture'],
};

const OTHER_SENTENCES: Record<string, Record<string, string>> = {
  'the sea': { blue: 'The sea looks blue on a clear day.', waves: 'Big waves roll across the sea.', salt: 'The sea leaves salt on my skin.' },
  'a cat': { soft: 'My cat is soft and warm.', sleeps: 'The cat sleeps in the sun.', quiet: 'A cat can be very quiet.' },
  'the moon': { bright: 'The bright moon rose over the hills.', round: 'Tonight the moon is round.', night: 'The moon guides us at night.' },
  winter: { cold: 'The winter wind is cold.', snow: 'Winter brings deep snow to the hills.', coats: 'We need thick coats for winter.' },
  'a library': { books: 'The library has many old books.', quiet: 'Our library stays quiet all day.', learn: 'Children learn to read at the library.' },
  rain: { wet: 'The rain left the grass wet.', clouds: 'Gray clouds bring rain.', plants: 'The plants drink the rain.' },
  'a bicycle': { wheels: 'My bicycle has new wheels.', ride: 'We ride a bicycle to the lake.', fast: 'The bicycle went fast down the road.' },
  'the sun': { warm: 'The sun feels warm on my face.', rises: 'Each morning the sun rises early.', light: 'Light from the sun fills the room.' },
  'a garden': { flowers: 'Our garden has red flowers.', green: 'The garden grass is green.', grow: 'Tomatoes grow well in a sunny garden.' },
  coffee: { hot: 'I drink my coffee hot.', morning: 'Coffee wakes me up in the morning.', beans: 'These coffee beans come from Brazil.' },
  'a dog': { loyal: 'My loyal dog waits by the door.', barks: 'The dog barks at strangers.', walk: 'I take the dog for a walk.' },
  music: { dance: 'We dance when the music plays.', songs: 'This music has happy songs.', calm: 'Quiet music keeps me calm.' },
  'a forest': { trees: 'The forest has very old trees.', birds: 'Many birds live in the forest.', green: 'The green forest smells fresh.' },
  'the city': { busy: 'The busy city never sleeps.', lights: 'Bright lights fill the city.', streets: 'Narrow streets cross the old city.' },
  bread: { fresh: 'I love fresh bread.', oven: 'The bread is still warm from the oven.', butter: 'She spreads butter on her bread.' },
  'a train': { tracks: 'The train rolls along the tracks.', station: 'Our train leaves the station at noon.', fast: 'The train is fast and quiet.' },
  'the night': { stars: 'Bright stars shine in the night.', dark: 'The night grew dark and cold.', sleep: 'The night is a time to sleep.' },
  'a friend': { trust: 'I trust my best friend.', laugh: 'My friend and I laugh a lot.', help: 'A true friend will always help.' },
};

/** A natural sentence for a keyword any subject can take, in words the family's own frames do not use. */
function sharedKeywordSentence(t: TaskInstance): string {
  const [subject, keyword] = [String(t.verifier.subject), String(t.verifier.keyword)];
  return sharedKeywordKind(keyword) === 'adjective' ? `Everyone says ${subject} is so ${keyword}.` : `We talk about ${keyword} and ${subject}.`;
}

const ONE_SENTENCE_TASKS = generateTasks({ seed: SEED, count: 60, split: 'train', families: ['one_sentence'] });

function naturalVariants(t: TaskInstance): string[] {
  const spec = t.verifier;
  switch (t.family) {
    case 'write_list':
      return [bullets(OTHER_TIPS[String(spec.topic)].slice(0, Number(spec.count))), bullets(OTHER_TIPS[String(spec.topic)].slice(-Number(spec.count)))];
    case 'one_sentence':
      return [OTHER_SENTENCES[String(spec.subject)]?.[String(spec.keyword)] ?? sharedKeywordSentence(t)];
    case 'json_format':
      return [JSON.stringify(spec.object, null, 2), JSON.stringify(Object.fromEntries(Object.entries(spec.object as object).reverse())), `Answer: ${t.answer}`];
    case 'sort_numbers':
      // A chatty list is credited unless the input was already sorted (then it cannot be told from the echo).
      return [`[${t.answer}]`, t.answer.replace(/, /g, ' '), `The answer is ${t.answer}.`, ...(alreadySorted(t) ? [] : [`Sorted: ${t.answer}`])];
    default:
      return [`The answer is ${t.answer}.`, `Answer: ${t.answer}`, `${t.answer}.`, `Sure! The answer is ${t.answer}.`];
  }
}

describe.each(FAMILIES.map((f) => [f]))('%s', (family) => {
  const tasks = generateTasks({ seed: SEED, count: TASKS_PER_FAMILY, split: 'train', families: [family] });
  const samples = { ...GENERIC, ...SPECIFIC[family] };

  it(`has ≥ 5 adversarial samples of its own, ${Object.keys(GENERIC).length} generic ones`, () => {
    expect(Object.keys(SPECIFIC[family] ?? {}).length).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.keys(samples).map((name) => [name]))(`scores shape without content ≤ ${MAX_ADVERSARIAL}: %s`, (name) => {
    const rng = createRng(SEED);
    let built = 0;
    for (const t of tasks) {
      const response = samples[name](t, rng);
      if (response === null || response === t.answer) continue;
      built++;
      expect(verify(t.verifier, response), `${t.prompt} → ${JSON.stringify(response)}`).toBeLessThanOrEqual(MAX_ADVERSARIAL);
    }
    expect(built).toBeGreaterThan(0);
  });

  it(`scores the reference 1 and natural right answers ≥ ${MIN_NATURAL}`, () => {
    for (const t of tasks) {
      expect(verify(t.verifier, t.answer)).toBe(1);
      for (const response of naturalVariants(t)) {
        expect(verify(t.verifier, response), `${t.prompt} → ${JSON.stringify(response)}`).toBeGreaterThanOrEqual(MIN_NATURAL);
      }
    }
  });

  it('keeps near misses below 1 and, for exact families, at most what shape alone could earn', () => {
    const rng = createRng(SEED + 1);
    const f = getFamily(family);
    for (const t of tasks) {
      const score = verify(t.verifier, f.imperfect(rng, t.verifier, t.answer));
      expect(score).toBeLessThan(1);
      // Exact near misses earn ≤ 0.3, except the right answer inside chatter (CHATTER_SCORE).
      if (f.kind === 'exact') expect(score === CHATTER_SCORE || score <= MAX_ADVERSARIAL, `${t.prompt}: ${score}`).toBe(true);
    }
  });
});

describe('style families beyond the table', () => {
  it('one_sentence: most shuffles of a reference sentence read as word salad (≤ 0.3)', () => {
    const rng = createRng(SEED);
    let caught = 0;
    let total = 0;
    for (const t of ONE_SENTENCE_TASKS) {
      const words = t.answer.replace(/\.$/, '').split(' ');
      for (let k = 0; k < 5; k++) {
        const shuffled = rng.shuffle(words);
        if (shuffled.join(' ') === words.join(' ')) continue;
        total++;
        if (verify(t.verifier, `${shuffled.join(' ')}.`) <= MAX_ADVERSARIAL) caught++;
      }
    }
    expect(caught / total).toBeGreaterThan(0.8);
  });

  it('write_list: every topic accepts its reference tips and rejects the tips of an unrelated topic', () => {
    for (const topic of Object.keys(TIPS)) {
      const spec = { family: 'write_list', topic, count: 3, maxChars: 80 };
      expect(verify(spec, bullets(TIPS[topic].slice(0, 3)))).toBe(1);
      expect(verify(spec, bullets(TIPS[unrelatedTopic(topic)].slice(0, 3))), topic).toBeLessThanOrEqual(MAX_ADVERSARIAL);
    }
  });
});
