// /v1 generations are rate-limited per user (PREFLOOP_V1_RATE_PER_S): past the bucket, 429 in OpenAI's error
// shape with Retry-After, while another user is still served; prefloop's own OpenAI client waits and retries.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../shared/contract';
import { createOpenAIClient } from '../../server/llm/openai-client';
import { type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy } from '../helpers/policy-jobs';

describe('/v1 per-user rate limit', () => {
  let app: TestApp;
  let tokens: string[];
  const chat = (token: string) =>
    fetch(`${app.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ model: 'prefloop', messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }),
    });

  beforeAll(async () => {
    vi.stubEnv('PREFLOOP_V1_RATE_PER_S', '0.5'); // a bucket of 1, refilled every 2 s
    app = await startTestApp();
    await activateNanoPolicy(app);
    tokens = [];
    for (const name of ['ann', 'bob']) {
      const user = await app.user(name);
      tokens.push((await user.post<{ token: string }>(ROUTES.tokenCreate.path, { label: 'rate' })).body.token);
    }
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await app.close();
  });

  it('answers 429 rate_limit_error with Retry-After past a user’s bucket; others are still served', async () => {
    expect((await chat(tokens[0])).status).toBe(200);
    const limited = await chat(tokens[0]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limited' } });
    expect((await chat(tokens[1])).status).toBe(200); // bob has his own bucket
  });

  it('prefloop’s OpenAI client waits for the Retry-After and gets its answer', async () => {
    const options = { baseUrl: `${app.url}/v1`, apiKey: tokens[1], model: 'prefloop', timeoutMs: 30_000 };
    const ask = (retries?: number) => createOpenAIClient({ ...options, retries }).chat([{ role: 'user', content: 'a' }], { maxTokens: 1, temperature: 0 });
    await ask(); // bob's bucket is empty from the test above: this one already waits
    await expect(ask(0)).rejects.toMatchObject({ status: 429 }); // no retries: the 429 itself
    const started = performance.now();
    expect((await ask()).choices).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThan(1000); // Retry-After 2 s (a token every 2 s)
  });
});
