/**
 * What admins see of a job: its config with credential values (an endpoint's API key, …) replaced by "***".
 * The stored config keeps them, since the worker that runs (or reruns) the job needs them.
 */
const SECRET_KEY = /^(api[-_]?key|secret|client[-_]?secret|password|token|access[-_]?token|authorization)$/i;
export const REDACTED = '***';

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) && v !== undefined && v !== null ? REDACTED : redactSecrets(v)]),
  );
}

export const publicJob = <J extends { config: unknown }>(job: J): J => ({ ...job, config: redactSecrets(job.config) });
