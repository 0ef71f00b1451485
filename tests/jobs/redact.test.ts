import { describe, expect, it } from 'vitest';
import { publicJob, REDACTED, redactSecrets } from '../../server/jobs/redact';

describe('job configs as admins see them', () => {
  it('hides credential values at any depth and leaves everything else as it was', () => {
    const config = {
      count: 20,
      maxNewTokens: 64, // a "token" word in a key is not a credential
      endpoint: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-live-123' },
      headers: [{ Authorization: 'Bearer abc' }, { accept: 'json' }],
      password: 'hunter2',
      token: null,
    };
    const shown = redactSecrets(config) as typeof config;
    expect(shown.endpoint).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: REDACTED });
    expect(shown.headers).toEqual([{ Authorization: REDACTED }, { accept: 'json' }]);
    expect(shown.password).toBe(REDACTED);
    expect(shown.token).toBeNull(); // nothing to hide
    expect(shown.count).toBe(20);
    expect(shown.maxNewTokens).toBe(64);
    expect(JSON.stringify(shown)).not.toMatch(/sk-live|hunter2|Bearer abc/);
    expect(config.endpoint.apiKey).toBe('sk-live-123'); // the stored config is untouched
  });

  it('publicJob redacts the config and keeps the rest of the job', () => {
    const job = { id: 3, kind: 'self_instruct', config: { endpoint: { apiKey: 'k' } }, status: 'queued' };
    expect(publicJob(job)).toEqual({ id: 3, kind: 'self_instruct', config: { endpoint: { apiKey: REDACTED } }, status: 'queued' });
  });
});
