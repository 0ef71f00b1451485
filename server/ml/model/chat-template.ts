// The one prompt template used for SFT, reward modelling, RL rollouts and serving.
//
//   System: Be brief.
//   User: What is 2+3?
//   Assistant:
//   5<eos>
//
// The assistant's text always starts on the line after "Assistant:", so the rendered prompt ends with the cue
// "Assistant:\n" and the response is the model's raw continuation up to EOS.
import type { Tokenizer } from './tokenizer';

export type Message = { role: 'system' | 'user' | 'assistant'; content: string };

export const ASSISTANT_CUE = 'Assistant:\n';

function renderMessage(m: Message): string {
  if (m.role === 'assistant') return `${ASSISTANT_CUE}${m.content}\n`;
  return `${m.role === 'system' ? 'System' : 'User'}: ${m.content}\n`;
}

/** Text the model sees before its answer; a plain string is one user message. Ends with the assistant cue. */
export function renderPrompt(prompt: string | Message[]): string {
  const messages = typeof prompt === 'string' ? [{ role: 'user' as const, content: prompt }] : prompt;
  return messages.map(renderMessage).join('') + ASSISTANT_CUE;
}

export interface EncodedExample {
  tokens: number[]; // prompt ++ response ++ [EOS], length ≤ maxLen
  responseMask: number[]; // same length: 1 at response tokens and the EOS (the targets SFT learns), 0 at prompt tokens
}

/**
 * Tokenises one (prompt, response) pair with the template. When too long, the prompt loses tokens from its
 * start (keeping at least one), then the response is cut at the end (the EOS is then dropped too).
 * Training on next-token targets uses `responseMask[t + 1]` as the weight of the prediction made at t.
 */
export function encodeExample(
  tok: Tokenizer,
  prompt: string | Message[],
  response: string,
  maxLen: number,
): EncodedExample {
  let promptIds = tok.encode(renderPrompt(prompt));
  let responseIds = [...tok.encode(response), tok.eosId];
  const overflow = promptIds.length + responseIds.length - maxLen;
  if (overflow > 0) {
    const dropPrompt = Math.min(overflow, Math.max(0, promptIds.length - 1));
    promptIds = promptIds.slice(dropPrompt);
    responseIds = responseIds.slice(0, maxLen - promptIds.length);
  }
  return {
    tokens: [...promptIds, ...responseIds],
    responseMask: [...promptIds.map(() => 0), ...responseIds.map(() => 1)],
  };
}
