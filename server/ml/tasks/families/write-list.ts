import { z } from 'zod';
import { FUNCTION_WORDS, wordTokens } from '../dictionary';
import { defineFamily } from '../types';
import { NUMBER_NAMES } from '../words';
import { isRunaway, pickMistake } from './common';
import { TIPS, TOPIC_WORDS } from './list-topics';
import { allEnglish, echoesPrompt, lemmaSet, mentions, promptVocabulary } from './style-checks';

const Spec = z.object({
  family: z.literal('write_list'),
  topic: z.string(),
  count: z.number().int().min(1),
  maxChars: z.number().int().positive(),
});

const FUNCTION = new Set(FUNCTION_WORDS);

const TEMPLATES = [
  (n: number, t: string) => `Give ${NUMBER_NAMES[n]} tips for ${t}.`,
  (n: number, t: string) => `List ${n} tips for ${t}.`,
  (n: number, t: string) => `Write ${NUMBER_NAMES[n]} short tips for ${t}, as a list.`,
];

/**
 * Style × content. Style, one point per rule (mean): (1) exactly `count` lines start with "- ", (2) no other
 * non-blank lines, (3) every item non-empty and ≤ maxChars, (4) no item repeated (case-insensitive).
 * Content: an item is good when every word is real English (dictionary.ts), it is not a repeat of an earlier item
 * (same content words), not mostly the prompt's words, not about the answer itself ("Here is a tip"), not chatter
 * ("I hope this helps"), and does not loop; it is on topic when it also uses a word of the topic (list-topics.ts).
 * Content = (on-topic items + OFF_TOPIC × other good items) / items × min(1, on-topic items / half the items)².
 * So a natural list on the topic scores 1 (0.83 with one of three tips generic); the style rules alone —
 * gibberish, random real words, another topic's tips, the prompt echoed, chatter — earn ≤ 0.3 (0 unless a word
 * hits the topic by chance); a list with one item missing, extra, repeated or un-bulleted keeps partial credit
 * (0.4–0.75). Relevance is lexical: real words around a topic word pass it, and tips for a closely related topic
 * (reading vs. studying) often do too.
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
    return (rules.filter(Boolean).length / rules.length) * content(spec, items);
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

/** Weight of a good item without a word of the topic ("Be patient" among tips for a new pet). */
const OFF_TOPIC = 0.5;

/** An item with more than this share of its words from the prompt copies it ("- a rainy day sleep"). */
const ECHO_SHARE = 2 / 3;

/** Makes an item about the answer rather than a tip ("Here is a tip", "More tips"). */
const META = new Set(['tip']);
/** First words of chatter, not of a tip ("I hope this helps", "Sure, here you go"). */
const CHATTER_START = new Set(['i', "i'm", "i'll", "i've", 'here', "here's", 'sure', 'ok', 'okay', 'hope', 'yes', 'hi', 'thanks', 'certainly', 'absolutely', 'great']);

function content(spec: { topic: string; count: number }, items: readonly string[]): number {
  if (items.length === 0) return 0;
  const prompt = promptVocabulary(TEMPLATES.map((t) => t(spec.count, spec.topic)));
  const topic = topicWords(spec.topic);
  const seen = new Set<string>();
  let good = 0;
  let onTopic = 0;
  for (const item of items) {
    const tokens = wordTokens(item);
    if (!allEnglish(tokens) || isRunaway(item) || echoesPrompt(tokens, prompt, ECHO_SHARE) || mentions(tokens, META)) continue;
    if (CHATTER_START.has(tokens[0].toLowerCase())) continue;
    const key = contentKey(tokens);
    if (seen.has(key)) continue;
    seen.add(key);
    good++;
    if (mentions(tokens, topic)) onTopic++;
  }
  const quality = (onTopic + OFF_TOPIC * (good - onTopic)) / items.length;
  return quality * Math.min(1, onTopic / Math.ceil(items.length / 2)) ** 2;
}

const topicCache = new Map<string, ReadonlySet<string>>();

/** The topic's word list; for a topic outside the table, the one that shares a word with it, else its own words. */
function topicWords(topic: string): ReadonlySet<string> {
  let set = topicCache.get(topic);
  if (!set) {
    const words = topic.toLowerCase().split(/\s+/);
    const related = Object.entries(TOPIC_WORDS).find(([k]) => k.split(' ').some((w) => !FUNCTION.has(w) && words.includes(w)));
    set = lemmaSet(TOPIC_WORDS[topic] ?? related?.[1] ?? words.filter((w) => !FUNCTION.has(w)).join(' '));
    topicCache.set(topic, set);
  }
  return set;
}

/** An item's words without case, order and function words: "Drink more water" repeats "drink water". */
function contentKey(tokens: readonly string[]): string {
  const words = tokens.map((t) => t.toLowerCase()).filter((t) => !FUNCTION.has(t));
  return [...new Set(words)].sort().join(' ');
}

function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${i}`).join('\n');
}
