import type { AssignmentView } from '../../../shared/schemas/queue';
import { SafeMarkdown } from './SafeMarkdown';

// HH's names for the two sides of a conversation.
const ROLE_NAMES = { system: 'System', user: 'Human', assistant: 'Assistant' } as const;

/** The prompt, with any earlier turns of the conversation above it (each as safe markdown, never raw HTML). */
export function PromptView({ prompt }: { prompt: AssignmentView['prompt'] }) {
  return (
    <section className="card prompt" aria-label="Prompt" data-testid="prompt">
      {prompt.context.length > 0 && (
        <ol className="context" aria-label="Earlier turns">
          {prompt.context.map((message, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: turns are fixed and ordered
            <li key={i} className={`turn turn-${message.role}`} data-testid="prompt-turn" data-role={message.role}>
              <span className="turn-role">{ROLE_NAMES[message.role]}</span>
              <SafeMarkdown text={message.content} />
            </li>
          ))}
        </ol>
      )}
      <div className="prompt-body">
        <span className="section-label">{prompt.context.length > 0 ? 'Human (last turn)' : 'Prompt'}</span>
        <SafeMarkdown text={prompt.text} />
      </div>
    </section>
  );
}
