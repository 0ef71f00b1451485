import type { AssignmentView } from '../../../shared/schemas/queue';
import { SafeMarkdown } from './SafeMarkdown';

const ROLE_NAMES = { system: 'System', user: 'User', assistant: 'Assistant' } as const;

/** The prompt, with any earlier turns of the conversation above it. */
export function PromptView({ prompt }: { prompt: AssignmentView['prompt'] }) {
  return (
    <section className="card prompt" aria-label="Prompt" data-testid="prompt">
      {prompt.context.length > 0 && (
        <ol className="context" aria-label="Earlier turns">
          {prompt.context.map((message, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: turns are fixed and ordered
            <li key={i} className={`turn turn-${message.role}`}>
              <span className="turn-role">{ROLE_NAMES[message.role]}</span>
              <SafeMarkdown text={message.content} />
            </li>
          ))}
        </ol>
      )}
      <div className="prompt-body">
        <span className="section-label">{prompt.context.length > 0 ? 'User (last turn)' : 'Prompt'}</span>
        <SafeMarkdown text={prompt.text} />
      </div>
    </section>
  );
}
