import { type FormEvent, useState } from 'react';
import { LABELLED_PAIR_FORMATS, type LabelledPairFormat } from '../../../../shared/schemas/reward';
import { useLabelledPairsImport } from '../../hooks/useLabelledPairsImport';
import { TextField } from '../TextField';
import { ContentField } from './ContentField';

const FORMATS: Record<LabelledPairFormat, { name: string; placeholder: string }> = {
  hh: { name: 'Anthropic HH', placeholder: '{"chosen": "\\n\\nHuman: …\\n\\nAssistant: …", "rejected": "…"}   (one per line)' },
  trl: { name: 'TRL explicit', placeholder: '{"prompt": "…", "chosen": "…", "rejected": "…"}   (one per line)' },
  'trl-conversational': {
    name: 'TRL conversational',
    placeholder: '{"prompt": [{"role": "user", "content": "…"}], "chosen": [{"role": "assistant", …}], "rejected": […]}',
  },
  openai: {
    name: 'OpenAI preference',
    placeholder: '{"input": {"messages": […]}, "preferred_output": [{"role": "assistant", …}], "non_preferred_output": […]}',
  },
  alpacafarm: { name: 'AlpacaFarm pairwise', placeholder: '{"instruction": "…", "input": "", "output_1": "…", "output_2": "…", "preference": 1}' },
  'labels-jsonl': { name: 'Raw labels (JSONL export)', placeholder: 'a labels-jsonl export: one label per line, by its annotator' },
  'labels-csv': { name: 'Raw labels (CSV export)', placeholder: 'a labels-csv export, header row first' },
};

/** Already-labelled preference pairs (JSONL) to bootstrap the reward model; optionally queued for more labels. */
export function LabelledPairsPanel() {
  const [format, setFormat] = useState<LabelledPairFormat>('hh');
  const [source, setSource] = useState('');
  const [queue, setQueue] = useState(false);
  const [content, setContent] = useState('');
  const importer = useLabelledPairsImport();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await importer.run({ format, content, queue, source: source.trim() || undefined })) setContent('');
  };
  const { result } = importer;

  return (
    <section className="card admin-section" aria-labelledby="pairs-import-title">
      <header className="section-head">
        <h2 id="pairs-import-title">Import labelled pairs</h2>
      </header>
      <form className="stack" onSubmit={submit} data-testid="pairs-import-form">
        <div className="inline-form">
          <label className="field">
            <span>Format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as LabelledPairFormat)} data-testid="pairs-format">
              {LABELLED_PAIR_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMATS[f].name}
                </option>
              ))}
            </select>
          </label>
          <TextField label="Source" value={source} onValue={setSource} placeholder={format} testId="pairs-source" />
          <label className="checkbox">
            <input type="checkbox" checked={queue} onChange={(e) => setQueue(e.target.checked)} data-testid="pairs-queue" />
            <span>Also ask annotators</span>
          </label>
        </div>
        <ContentField
          content={content}
          placeholder={FORMATS[format].placeholder}
          accept=".jsonl,.json,.txt,application/json,text/plain"
          fileHint="…or upload a JSONL file"
          testIdPrefix="pairs"
          onContent={setContent}
        />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={importer.busy || !content.trim()} data-testid="pairs-submit">
            {importer.busy ? 'Importing…' : 'Import pairs'}
          </button>
          {importer.error && (
            <p className="form-message tone-error" role="alert" data-testid="pairs-error">
              {importer.error}
            </p>
          )}
          {result && !importer.error && (
            <p className="form-message tone-ok" role="status" data-testid="pairs-result">
              Read {result.rows} rows: {result.comparisons} new labelled pairs ({result.labels} labels from {result.source}),{' '}
              {result.prompts} new prompts{result.duplicates > 0 ? `, ${result.duplicates} duplicates skipped` : ''}.
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
