import { type FormEvent, useState } from 'react';
import type { Job } from '../../../../shared/schemas/jobs';
import { ApiRequestError, errorMessage } from '../../api/http';
import { useJob } from '../../hooks/useJob';
import { useJobActions } from '../../hooks/useJobActions';
import { adminHref } from '../../pages/adminPaths';
import { JobStatusBadge } from '../runs/JobStatusBadge';
import { TextField } from '../TextField';

type Api = 'chat' | 'completions';

interface GenerateForm {
  baseUrl: string;
  model: string;
  apiKey: string;
  api: Api;
  prompts: string;
  samplesPerPrompt: string;
  temperature: string;
  maxTokens: string;
}

const EMPTY_FORM: GenerateForm = {
  baseUrl: '',
  model: '',
  apiKey: '',
  api: 'chat',
  prompts: '32',
  samplesPerPrompt: '4',
  temperature: '1.0',
  maxTokens: '256',
};

/** The sampling settings, as number fields (GenerateJobSchema's bounds). */
const NUMBER_FIELDS: { key: 'prompts' | 'samplesPerPrompt' | 'temperature' | 'maxTokens'; label: string; min: number; max: number; step?: number; testId: string }[] = [
  { key: 'prompts', label: 'Prompts', min: 1, max: 100_000, testId: 'generate-prompts' },
  { key: 'samplesPerPrompt', label: 'Samples per prompt (2–16)', min: 2, max: 16, testId: 'generate-samples' },
  { key: 'temperature', label: 'Temperature (0–2)', min: 0, max: 2, step: 0.1, testId: 'generate-temperature' },
  { key: 'maxTokens', label: 'Max tokens', min: 1, max: 32_768, testId: 'generate-max-tokens' },
];

/** An empty number field leaves the server's default. */
const numberOr = (value: string) => (value.trim() === '' ? undefined : Number(value));

/** The `generate` job's config (GenerateJobSchema on the server); the key only when one was typed. */
function configOf(form: GenerateForm) {
  const apiKey = form.apiKey.trim();
  return {
    endpoint: { baseUrl: form.baseUrl.trim(), model: form.model.trim(), api: form.api, ...(apiKey ? { apiKey } : {}) },
    prompts: numberOr(form.prompts),
    samplesPerPrompt: numberOr(form.samplesPerPrompt),
    temperature: numberOr(form.temperature),
    maxTokens: numberOr(form.maxTokens),
  };
}

/** The server's message, followed by which fields its validation refused (a 400's details). */
function problemOf(err: unknown): string {
  const message = errorMessage(err);
  if (!(err instanceof ApiRequestError) || !Array.isArray(err.details)) return message;
  const fields = err.details
    .filter((d): d is { path: string; message: string } => typeof d?.path === 'string' && typeof d?.message === 'string')
    .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  return fields.length > 0 ? `${message} (${fields.join('; ')})` : message;
}

/** The created job's run link and its live status (useLiveJobCache keeps the cached job current). */
function CreatedRun({ created }: { created: Job }) {
  const { job } = useJob(created.id);
  return (
    <p className="form-message tone-ok" role="status" data-testid="generate-result" data-job-id={created.id}>
      Created{' '}
      <a href={adminHref({ page: 'run', id: created.id })} data-testid="generate-run-link">
        run #{created.id}
      </a>{' '}
      <JobStatusBadge status={job?.status ?? created.status} testId="generate-status" />
    </p>
  );
}

/**
 * "Bring your own model": a `generate` job that samples K answers per train prompt from any OpenAI-compatible
 * server and queues the most different two as a comparison. The API key is sent once and never shown back.
 */
export function GeneratePanel() {
  const [form, setForm] = useState<GenerateForm>(EMPTY_FORM);
  const [created, setCreated] = useState<Job | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const jobs = useJobActions();
  const set = <K extends keyof GenerateForm>(key: K) => (value: GenerateForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const ready = form.baseUrl.trim() !== '' && form.model.trim() !== '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setCreated(null);
    jobs.create(
      { kind: 'generate', config: configOf(form) },
      {
        onSuccess: (job) => {
          setCreated(job);
          setForm((f) => ({ ...f, apiKey: '' }));
        },
        onError: (err) => setProblem(problemOf(err)),
      },
    );
  };

  return (
    <section className="card admin-section" aria-labelledby="generate-title" data-testid="generate-panel">
      <header className="section-head">
        <h2 id="generate-title">Bring your own model</h2>
      </header>
      <p className="muted small">
        Sample answers to the train prompts with the fewest comparisons from any OpenAI-compatible server (vLLM, Ollama, OpenAI, prefloop’s
        own /v1); the two most different answers to each prompt are queued for labelling.
      </p>
      <form className="stack" onSubmit={submit} aria-label="Generate pairs" data-testid="generate-form">
        <div className="inline-form">
          <TextField
            label="Base URL"
            type="url"
            value={form.baseUrl}
            onValue={set('baseUrl')}
            placeholder="http://127.0.0.1:8000/v1"
            maxLength={2000}
            className="input-wide"
            testId="generate-base-url"
          />
          <TextField label="Model name" value={form.model} onValue={set('model')} placeholder="llama3.1:8b" maxLength={200} testId="generate-model" />
          <TextField
            label="API key (optional)"
            type="password"
            value={form.apiKey}
            onValue={set('apiKey')}
            autoComplete="off"
            maxLength={2000}
            testId="generate-api-key"
          />
          <label className="field">
            <span>API</span>
            <select value={form.api} onChange={(e) => set('api')(e.target.value as Api)} data-testid="generate-api">
              <option value="chat">chat</option>
              <option value="completions">completions</option>
            </select>
          </label>
        </div>
        <div className="inline-form">
          {NUMBER_FIELDS.map(({ key, label, min, max, step, testId }) => (
            <TextField
              key={key}
              label={label}
              type="number"
              min={min}
              max={max}
              step={step}
              value={form[key]}
              onValue={set(key)}
              className="input-narrow"
              testId={testId}
            />
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={jobs.busy || !ready} data-testid="generate-submit">
            {jobs.busy ? 'Starting…' : 'Generate pairs'}
          </button>
          {problem && (
            <p className="form-message tone-error" role="alert" data-testid="generate-error">
              {problem}
            </p>
          )}
          {created && <CreatedRun created={created} />}
        </div>
      </form>
    </section>
  );
}
