// Row parsers for already-labelled preference pairs: TRL explicit, TRL conversational, Anthropic HH, OpenAI
// preference fine-tuning, AlpacaFarm pairwise (raw labels: raw-labels-format.ts). Each row becomes one prompt (text = its last user turn; messages = the whole conversation when it has more
// than one turn) and the chosen / rejected answers.
import { z } from 'zod';
import type { LabelledPairFormat, RAW_LABEL_FORMATS } from '../../shared/schemas/reward';
import { type ChatMessage, ChatMessageSchema } from '../../shared/schemas/queue';
import { alpacaPrompt } from './rows';

export interface LabelledPair {
  text: string; // the last user turn
  messages?: ChatMessage[]; // multi-turn prompts
  chosen: string;
  rejected: string;
  margin?: number;
  /** the storage order the file fixes (AlpacaFarm: output_1 is response a); else a coin from the texts decides */
  chosenIsA?: boolean;
}

const answer = z.string().max(200_000).refine((s) => s.trim() !== '', 'must not be blank');
const margin = z.number().finite().optional().nullable();

function promptFrom(messages: ChatMessage[]): Pick<LabelledPair, 'text' | 'messages'> | undefined {
  const lastUser = messages.at(-1);
  if (lastUser?.role !== 'user') return undefined;
  return messages.length > 1 ? { text: lastUser.content, messages } : { text: lastUser.content };
}

/** TRL explicit prompt, standard: {prompt, chosen, rejected, margin?} */
const TrlRowSchema = z.object({ prompt: answer, chosen: answer, rejected: answer, margin }).transform((r) => ({
  text: r.prompt,
  chosen: r.chosen,
  rejected: r.rejected,
  margin: r.margin ?? undefined,
}));

const conversation = z.array(ChatMessageSchema).min(1).max(400);

/**
 * TRL conversational: explicit {prompt: [msgs], chosen: [assistant msg], rejected: [assistant msg]}, or implicit
 * {chosen: [whole conversation], rejected: [whole conversation]} whose shared prefix is the prompt.
 */
const TrlConversationalRowSchema = z
  .object({ prompt: conversation.optional(), chosen: conversation, rejected: conversation, margin })
  .transform((r, ctx) => {
    const lastOf = (c: ChatMessage[], which: string) => {
      const m = c.at(-1) as ChatMessage;
      if (m.role !== 'assistant' || m.content.trim() === '') ctx.addIssue({ code: 'custom', path: [which], message: 'must end with a non-blank assistant message' });
      return m.content;
    };
    let promptMessages = r.prompt;
    if (!promptMessages) {
      promptMessages = r.chosen.slice(0, -1);
      if (JSON.stringify(promptMessages) !== JSON.stringify(r.rejected.slice(0, -1))) {
        ctx.addIssue({ code: 'custom', message: 'chosen and rejected must share the conversation up to their last assistant turn' });
      }
    } else if (r.chosen.length !== 1 || r.rejected.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'with a prompt, chosen and rejected are one assistant message each' });
    }
    const prompt = promptFrom(promptMessages);
    if (!prompt) ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'the prompt must end with a user turn' });
    const chosen = lastOf(r.chosen, 'chosen');
    const rejected = lastOf(r.rejected, 'rejected');
    if (!prompt) return z.NEVER;
    return { ...prompt, chosen, rejected, margin: r.margin ?? undefined };
  });

const HH_TURN = /\n\n(Human|Assistant):/g;

/** "\n\nHuman: … \n\nAssistant: …" → turns. The one space after the colon is the separator, not content. */
export function parseHhTranscript(transcript: string): ChatMessage[] | undefined {
  if (!transcript.startsWith('\n\nHuman:')) return undefined;
  const parts = transcript.split(HH_TURN); // ['', 'Human', ' text', 'Assistant', ' text', …]
  const turns: ChatMessage[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const content = parts[i + 1].startsWith(' ') ? parts[i + 1].slice(1) : parts[i + 1];
    turns.push({ role: parts[i] === 'Human' ? 'user' : 'assistant', content });
  }
  return turns;
}

/** The inverse of parseHhTranscript (what HH exports write). */
export function renderHhTranscript(turns: ChatMessage[]): string {
  return turns.map((t) => `\n\n${t.role === 'assistant' ? 'Assistant' : 'Human'}: ${t.content}`).join('');
}

/** Anthropic HH: {chosen, rejected} full transcripts sharing everything up to the last Assistant turn. */
const HhRowSchema = z.object({ chosen: z.string().max(400_000), rejected: z.string().max(400_000) }).transform((r, ctx) => {
  const chosen = parseHhTranscript(r.chosen);
  const rejected = parseHhTranscript(r.rejected);
  const endsWithAssistant = (t: ChatMessage[] | undefined) => t !== undefined && t.length >= 2 && t.at(-1)?.role === 'assistant';
  if (!endsWithAssistant(chosen) || !endsWithAssistant(rejected)) {
    ctx.addIssue({ code: 'custom', message: 'chosen and rejected must be "\\n\\nHuman: …\\n\\nAssistant: …" transcripts ending with an Assistant turn' });
    return z.NEVER;
  }
  const [c, rj] = [chosen as ChatMessage[], rejected as ChatMessage[]];
  if (JSON.stringify(c.slice(0, -1)) !== JSON.stringify(rj.slice(0, -1))) {
    ctx.addIssue({ code: 'custom', message: 'chosen and rejected must share the conversation up to their last Assistant turn' });
    return z.NEVER;
  }
  const prompt = promptFrom(c.slice(0, -1));
  if (!prompt) {
    ctx.addIssue({ code: 'custom', message: 'the turn before the last Assistant turn must be a Human turn' });
    return z.NEVER;
  }
  return { ...prompt, chosen: (c.at(-1) as ChatMessage).content, rejected: (rj.at(-1) as ChatMessage).content };
});

const assistantOutput = z.tuple([z.object({ role: z.literal('assistant'), content: answer })]);

/** OpenAI preference fine-tuning: {input: {messages}, preferred_output: [assistant turn], non_preferred_output: [assistant turn]} */
const OpenAiRowSchema = z
  .object({ input: z.object({ messages: conversation }), preferred_output: assistantOutput, non_preferred_output: assistantOutput })
  .transform((r, ctx) => {
    const prompt = promptFrom(r.input.messages);
    if (!prompt) {
      ctx.addIssue({ code: 'custom', path: ['input', 'messages'], message: 'must end with a user turn' });
      return z.NEVER;
    }
    return { ...prompt, chosen: r.preferred_output[0].content, rejected: r.non_preferred_output[0].content };
  });

/**
 * AlpacaFarm pairwise: {instruction, input, output_1, output_2, preference: 1 | 2}; output_1 is stored as response a.
 * An input that is an HH transcript holds the earlier turns of a conversation (what the alpacafarm export writes for
 * a multi-turn prompt); any other input is AlpacaFarm's own: the prompt is the instruction, a blank line, the input.
 */
const AlpacaFarmPairRowSchema = z
  .object({
    instruction: answer,
    input: z.string().max(400_000).optional().nullable(),
    output_1: answer,
    output_2: answer,
    preference: z.union([z.literal(1), z.literal(2)]),
  })
  .transform((r) => {
    const earlier = r.input ? parseHhTranscript(r.input) : undefined;
    const prompt = earlier ? { text: r.instruction, messages: [...earlier, { role: 'user' as const, content: r.instruction }] } : { text: alpacaPrompt(r.instruction, r.input) };
    const [chosen, rejected] = r.preference === 1 ? [r.output_1, r.output_2] : [r.output_2, r.output_1];
    return { ...prompt, chosen, rejected, chosenIsA: r.preference === 1 };
  });

type PairFormat = Exclude<LabelledPairFormat, (typeof RAW_LABEL_FORMATS)[number]>;

const SCHEMAS: Record<PairFormat, z.ZodType<LabelledPair>> = {
  hh: HhRowSchema,
  trl: TrlRowSchema,
  'trl-conversational': TrlConversationalRowSchema,
  openai: OpenAiRowSchema,
  alpacafarm: AlpacaFarmPairRowSchema,
};

/** The row schema of a pair format; identical chosen and rejected answers are refused (nothing to learn). */
export function labelledPairSchema(format: PairFormat): z.ZodType<LabelledPair> {
  return SCHEMAS[format].refine((p) => p.chosen !== p.rejected, 'chosen and rejected are the same answer');
}
