import { z } from 'zod';
import { ChatMessageSchema } from '../../shared/schemas/queue';

const text = z.string().max(200_000).refine((s) => s.trim() !== '', 'must not be blank');
const optionalText = z.string().max(200_000).optional().nullable();
const tags = z
  .union([z.array(z.string().max(100)).max(50), z.string().max(2_000)])
  .optional()
  .nullable()
  .transform((t) => (typeof t === 'string' ? t.split(/[,;|]/).map((s) => s.trim()).filter(Boolean) : (t ?? [])));

/** AlpacaFarm's convention: the instruction, then the input after a blank line when there is one. */
export const alpacaPrompt = (instruction: string, input?: string | null): string =>
  input && input.trim() !== '' ? `${instruction}\n\n${input}` : instruction;

/** The prompt a row names: text | prompt | instruction (+ input) | messages (the last user turn). */
function promptOf(row: { text?: string; prompt?: string; instruction?: string; input?: string | null; messages?: z.infer<typeof ChatMessageSchema>[] }) {
  if (row.messages) {
    const lastUser = [...row.messages].reverse().find((m) => m.role === 'user');
    return lastUser ? { text: lastUser.content, messages: row.messages } : undefined;
  }
  const textOf = row.text ?? row.prompt ?? (row.instruction === undefined ? undefined : alpacaPrompt(row.instruction, row.input));
  return textOf === undefined ? undefined : { text: textOf, messages: undefined };
}

const promptFields = {
  text: text.optional(),
  prompt: text.optional(),
  instruction: text.optional(),
  input: optionalText,
  messages: z.array(ChatMessageSchema).min(1).max(200).optional(),
};

export const PromptRowSchema = z
  .object({ ...promptFields, tags, source: z.string().max(200).optional().nullable() })
  .transform((row, ctx) => {
    const prompt = promptOf(row);
    if (!prompt) {
      ctx.addIssue({ code: 'custom', message: 'needs text, prompt, instruction or messages (with a user turn)' });
      return z.NEVER;
    }
    return { ...prompt, tags: row.tags, source: row.source ?? undefined };
  });

export const ResponseRowSchema = z
  .object({ ...promptFields, output: text.optional(), response: text.optional(), completion: text.optional() })
  .transform((row, ctx) => {
    const prompt = promptOf(row);
    const output = row.output ?? row.response ?? row.completion;
    if (!prompt) ctx.addIssue({ code: 'custom', message: 'needs prompt, instruction or messages' });
    if (output === undefined) ctx.addIssue({ code: 'custom', message: 'needs output, response or completion' });
    if (!prompt || output === undefined) return z.NEVER;
    return { ...prompt, output };
  });
