import { z } from 'zod';
import { defineFamily } from '../types';
import { NUMBER_NAMES } from '../words';
import { pickMistake } from './common';

const Spec = z.object({
  family: z.literal('write_list'),
  topic: z.string(),
  count: z.number().int().min(1),
  maxChars: z.number().int().positive(),
});

/** Topic → short tips (≥ 5 each) the reference answers draw from. */
const TIPS: Record<string, string[]> = {
  'better sleep': ['Go to bed at the same time', 'Keep the room dark', 'Avoid screens late', 'Skip late coffee', 'Keep the room cool'],
  'saving money': ['Make a budget', 'Cook at home', 'Buy used items', 'Wait a day before buying', 'Save a bit every week'],
  studying: ['Study in short blocks', 'Test yourself', 'Remove distractions', 'Teach it to a friend', 'Review the next day'],
  'staying healthy': ['Drink water', 'Walk every day', 'Eat more vegetables', 'Sleep enough', 'Wash your hands'],
  'a tidy room': ['Make the bed', 'Put things back', 'Clean for ten minutes a day', 'Give away what you do not use', 'Use boxes'],
  'learning to cook': ['Start with easy dishes', 'Read the recipe first', 'Taste as you go', 'Keep knives sharp', 'Cook with a friend'],
  'a long trip': ['Pack light', 'Bring snacks', 'Take breaks', 'Download maps offline', 'Charge your phone'],
  'writing well': ['Use short sentences', 'Cut extra words', 'Read it out loud', 'Know your point', 'Edit the next day'],
  'a job interview': ['Research the company', 'Arrive early', 'Prepare examples', 'Ask good questions', 'Dress neatly'],
  'growing plants': ['Water in the morning', 'Give them sun', 'Use good soil', 'Do not overwater', 'Remove dead leaves'],
  'making friends': ['Say hello first', 'Ask questions', 'Join a club', 'Remember names', 'Be a good listener'],
  'running': ['Start slow', 'Wear good shoes', 'Warm up first', 'Rest between runs', 'Drink water after'],
  'reading more': ['Carry a book', 'Read before bed', 'Join a book club', 'Set a page goal', 'Visit the library'],
  'a picnic': ['Bring a blanket', 'Pack cold drinks', 'Check the weather', 'Take a trash bag', 'Bring fruit'],
  'public speaking': ['Practice out loud', 'Know your first line', 'Speak slowly', 'Look at the audience', 'Breathe deeply'],
  'a new pet': ['Buy food first', 'Find a vet', 'Make a quiet corner', 'Be patient', 'Set a routine'],
  'learning a language': ['Practice every day', 'Learn common words first', 'Talk with natives', 'Watch shows', 'Use flash cards'],
  'a rainy day': ['Read a book', 'Bake something', 'Watch a film', 'Call a friend', 'Play a board game'],
};

const TEMPLATES = [
  (n: number, t: string) => `Give ${NUMBER_NAMES[n]} tips for ${t}.`,
  (n: number, t: string) => `List ${n} tips for ${t}.`,
  (n: number, t: string) => `Write ${NUMBER_NAMES[n]} short tips for ${t}, as a list.`,
];

/**
 * House style, one point per rule (score = mean): (1) exactly `count` lines start with "- ", (2) no other
 * non-blank lines, (3) every item non-empty and ≤ maxChars, (4) no item repeated (case-insensitive).
 */
export const writeList = defineFamily({
  name: 'write_list',
  kind: 'style',
  spec: Spec,
  generate(rng) {
    const topic = rng.pick(Object.keys(TIPS));
    const count = rng.int(2, 4);
    return {
      prompt: rng.pick(TEMPLATES)(count, topic),
      answer: bullets(rng.sample(TIPS[topic], count)),
      verifier: { family: 'write_list' as const, topic, count, maxChars: 80 },
    };
  },
  verify(spec, response) {
    const lines = response.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    if (lines.length === 0) return 0;
    const items = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
    const rules = [
      items.length === spec.count,
      items.length === lines.length,
      items.length > 0 && items.every((i) => i.length > 0 && i.length <= spec.maxChars),
      items.length > 0 && new Set(items.map((i) => i.toLowerCase())).size === items.length,
    ];
    return rules.filter(Boolean).length / rules.length;
  },
  imperfect(rng, spec, answer) {
    const items = answer.split('\n').map((l) => l.slice(2));
    const spare = TIPS[spec.topic]?.find((t) => !items.includes(t)) ?? 'Try your best';
    return pickMistake(rng, answer, [
      () => [bullets(items.slice(0, -1)), items[items.length - 1]].join('\n'), // last bullet marker missing
      () => bullets([...items, spare]), // one item too many
      () => bullets(items.slice(0, -1)), // one item too few
      () => bullets([...items.slice(0, -1), items[0]]), // repeated item
      () => `Sure! Here are ${spec.count} tips:\n${answer}`, // chatter line
      () => items.map((i) => `* ${i}`).join('\n'), // wrong bullet style
    ]);
  },
});

function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}
