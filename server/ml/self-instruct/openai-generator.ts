import type { OpenAIClient } from '../../llm/openai-client';
import type { InstructionGenerator } from './generate';

/** A Self-Instruct generator backed by any OpenAI-compatible completions endpoint, with the reference's sampling. */
export function openAIInstructionGenerator(client: OpenAIClient): InstructionGenerator {
  return async (prompt) => {
    const result = await client.complete(prompt, {
      maxTokens: 1024,
      temperature: 0.7,
      topP: 0.5,
      stop: ['\n\n', '\n16', '16.', '16 .'],
    });
    return result.choices[0]?.text ?? '';
  };
}
