import { SafeMarkdown } from './SafeMarkdown';

/** The labelling guidelines as rendered markdown; opened and closed from the toolbar. */
export function GuidelinesPanel({ markdown }: { markdown: string | null }) {
  return (
    <section id="guidelines" className="card guidelines" aria-label="Guidelines" data-testid="guidelines">
      {markdown?.trim() ? <SafeMarkdown text={markdown} /> : <p className="muted">No guidelines yet.</p>}
    </section>
  );
}
