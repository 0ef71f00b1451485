// The OpenAI-compatible API, called with the official `openai` client on loopback: models, completions, chat
// completions (streamed too) from the active built-in policy, OpenAI's error shape, caps, and generation off the
// event loop with a bounded queue.
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import { renderPrompt } from '../../server/ml/model/chat-template';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { CHAR_VOCAB_SIZE, PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { charTokenizer } from '../../server/ml/model/tokenizer';
import { type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy } from '../helpers/policy-jobs';

const BLOCK = PRESETS.nano.blockSize;
const tok = charTokenizer();

/** The `data:` payloads of a server-sent event stream, read as they arrive; `onEvent` sees each one. */
async function readEvents(response: Response, onEvent: (data: string) => void = () => {}): Promise<string[]> {
  const events: string[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const data = buffer.slice(0, end).replace(/^data: /, '');
      buffer = buffer.slice(end + 2);
      events.push(data);
      onEvent(data);
    }
  }
  return events;
}

/** Polls `done` every 10 ms; throws after ~10 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('OpenAI-compatible serving of the active policy', () => {
  let app: TestApp;
  let token: string;
  let openai: OpenAI;
  let version: number;
  const v1 = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    fetch(`${app.url}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    app = await startTestApp({ serving: { maxQueued: 1 } });
    const { id } = await activateNanoPolicy(app);
    version = app.server.ctx.store.policies.get(id)?.version as number;
    const annotator = await app.user('ann'); // any role may call /v1
    token = (await annotator.post<{ token: string }>(ROUTES.tokenCreate.path, { label: 'openai client' })).body.token;
    openai = new OpenAI({ apiKey: token, baseURL: `${app.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => app.close());

  it('lists the active policy as a model', async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual([`policy-v${version}`]);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'prefloop' });
  });

  it('completes raw text, counting usage in the policy tokenizer’s tokens', async () => {
    const completion = await openai.completions.create({ model: 'prefloop', prompt: 'Hello', max_tokens: 8, seed: 1 });
    const [choice] = completion.choices;
    expect(completion.model).toBe(`policy-v${version}`);
    expect(['stop', 'length']).toContain(choice.finish_reason);
    expect(completion.usage?.prompt_tokens).toBe(tok.encode('Hello').length);
    const generated = completion.usage?.completion_tokens ?? 0;
    expect(generated).toBeGreaterThanOrEqual(choice.text.length); // a char token is one character (pad: none)
    if (choice.finish_reason === 'length') expect(generated).toBe(8);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + generated);
  });

  it('answers chat completions with the chat template applied, and the same text streamed', async () => {
    const request = { model: `policy-v${version}`, messages: [{ role: 'user' as const, content: 'What is 2+3?' }], max_tokens: 10, seed: 3 };
    const chat = await openai.chat.completions.create(request);
    expect(chat.object).toBe('chat.completion');
    expect(chat.choices[0].message.role).toBe('assistant');
    const rendered = tok.encode(renderPrompt('What is 2+3?')).length;
    expect(chat.usage?.prompt_tokens).toBe(Math.min(rendered, BLOCK - 10)); // the prompt keeps its last tokens

    const stream = await openai.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    let roles = 0;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        if (c.delta.role === 'assistant') roles++;
        text += c.delta.content ?? '';
        finish = c.finish_reason ?? finish;
      }
    }
    expect(roles).toBe(1);
    expect(text).toBe(chat.choices[0].message.content); // same seed, same sample
    expect(finish).toBe(chat.choices[0].finish_reason);
    expect(usage).toEqual(chat.usage);
  });

  it('streams completions too, n choices each with its own index', async () => {
    const stream = await openai.completions.create({ model: 'prefloop', prompt: 'abc', max_tokens: 6, n: 3, stream: true, seed: 9 });
    const texts = ['', '', ''];
    const finished = new Set<number>();
    for await (const chunk of stream) {
      for (const c of chunk.choices) {
        texts[c.index] += c.text;
        if (c.finish_reason) finished.add(c.index);
      }
    }
    expect([...finished].sort()).toEqual([0, 1, 2]);
    const whole = await openai.completions.create({ model: 'prefloop', prompt: 'abc', max_tokens: 6, n: 3, seed: 9 });
    expect(whole.choices.map((c) => c.text)).toEqual(texts);
  });

  it('honours temperature 0 (greedy: the seed does not matter) and stop sequences', async () => {
    const greedy = (seed: number) => openai.completions.create({ model: 'prefloop', prompt: 'x', max_tokens: 12, temperature: 0, seed });
    const [a, b] = await Promise.all([greedy(1), greedy(2)]);
    expect(a.choices[0].text).toBe(b.choices[0].text);

    const free = await openai.completions.create({ model: 'prefloop', prompt: 'Say', max_tokens: 20, seed: 4, ignore_eos: true } as never);
    const full = free.choices[0].text;
    expect(full.length).toBeGreaterThanOrEqual(4);
    const stop = full.slice(2, 4);
    const cut = await openai.completions.create({ model: 'prefloop', prompt: 'Say', max_tokens: 20, seed: 4, ignore_eos: true, stop } as never);
    expect(cut.choices[0]).toMatchObject({ text: full.slice(0, full.indexOf(stop)), finish_reason: 'stop' });
  });

  it('answers a missing or wrong token with 401 in OpenAI’s error shape', async () => {
    for (const headers of [{}, { authorization: 'Bearer pf_not-a-token' }] as Record<string, string>[]) {
      const response = await v1('/chat/completions', { model: 'prefloop', messages: [{ role: 'user', content: 'hi' }] }, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('Bearer'), type: 'authentication_error', code: 'unauthorized' } });
    }
    const error = await new OpenAI({ apiKey: 'pf_wrong', baseURL: `${app.url}/v1`, maxRetries: 0 }).models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('answers bad bodies, and n or max_tokens past their caps, with 400 naming the field', async () => {
    const chat = { model: 'prefloop', messages: [{ role: 'user', content: 'hi' }] };
    const cases: [unknown, string | null][] = [
      [{ model: 'prefloop' }, 'messages'],
      [{ ...chat, temperature: 'hot' }, 'temperature'],
      [{ ...chat, n: 9 }, 'n'],
      [{ ...chat, max_tokens: 5000 }, 'max_tokens'],
      [{ ...chat, messages: [{ role: 'wizard', content: 'hi' }] }, 'messages.0.role'],
    ];
    for (const [body, param] of cases) {
      const response = await v1('/chat/completions', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_request', param, message: expect.any(String) } });
    }
    const capped = await openai.completions.create({ model: 'prefloop', prompt: 'x', n: 20 }).catch((e: unknown) => e);
    expect(capped).toBeInstanceOf(OpenAI.BadRequestError);
    const badJson = await fetch(`${app.url}/v1/completions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'bad_json', type: 'invalid_request_error' } });
    const unknownModel = await v1('/chat/completions', { ...chat, model: 'gpt-4o' });
    expect(unknownModel.status).toBe(404);
    expect(await unknownModel.json()).toMatchObject({ error: { code: 'model_not_found', param: 'model' } });
    const nowhere = await fetch(`${app.url}/v1/embeddings`, { headers: { authorization: `Bearer ${token}` } });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toMatchObject({ error: { code: 'not_found', type: 'not_found_error' } });
  });

  describe('a long generation', () => {
    let longVersion: number;
    beforeAll(async () => {
      // a wider context than nano's, so that one request decodes for a while; activating it switches what /v1 serves
      const dir = join(app.dir, 'long-policy');
      const model = new GPT({ vocabSize: CHAR_VOCAB_SIZE, blockSize: 512, nLayer: 2, nHead: 2, nEmbd: 64, layerNormEps: 1e-5 }, { seed: 5 });
      await saveCheckpoint(dir, model, { tokenizer: 'char' });
      model.dispose();
      const { store } = app.server.ctx;
      const { id } = store.transaction(() => store.policies.register({ kind: 'builtin', checkpointPath: dir }));
      store.transaction(() => store.policies.activate(id));
      longVersion = store.policies.get(id)?.version as number;
    });

    const long = (signal?: AbortSignal) =>
      fetch(`${app.url}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'prefloop', prompt: 'Once', max_tokens: 500, n: 4, ignore_eos: true, stream: true, stream_options: { include_usage: true }, seed: 1 }),
        signal,
      });

    it('reloads the policy when the active version changes', async () => {
      expect((await openai.models.list()).data.map((m) => m.id)).toEqual([`policy-v${longVersion}`]);
      const completion = await openai.completions.create({ model: 'prefloop', prompt: 'Hi', max_tokens: 100, ignore_eos: true } as never);
      expect(completion.model).toBe(`policy-v${longVersion}`);
      expect(completion.usage?.completion_tokens).toBe(100); // past nano's 32-token context: the new model answered
    });

    it('keeps the event loop free: /api/health answers while a generation streams', async () => {
      const response = await long();
      let done = false;
      let healthy: Promise<{ status: number; streamDone: boolean }> | undefined;
      const events = readEvents(response, () => {
        healthy ??= fetch(`${app.url}/api/health`).then((r) => ({ status: r.status, streamDone: done }));
      }).then((all) => {
        done = true;
        return all;
      });
      const health = await new Promise<{ status: number; streamDone: boolean }>((resolve, reject) => {
        const wait = () => (healthy ? healthy.then(resolve, reject) : setTimeout(wait, 5));
        wait();
      });
      expect(health).toEqual({ status: 200, streamDone: false });
      const all = await events;
      expect(all.at(-1)).toBe('[DONE]');
      const chunks = all.slice(0, -1).map((e) => JSON.parse(e) as OpenAI.Completion);
      const finished = chunks.flatMap((c) => c.choices.filter((choice) => choice.finish_reason !== null));
      expect(finished.map((c) => [c.index, c.finish_reason]).sort()).toEqual([0, 1, 2, 3].map((i) => [i, 'length']));
      expect(chunks.at(-1)?.usage?.completion_tokens).toBe(4 * 500); // ignore_eos: every choice runs to max_tokens
    });

    it('refuses a request past the queue bound with 429 overloaded, and cancels what a caller abandons', async () => {
      const first = new AbortController();
      const second = new AbortController();
      const running = await long(first.signal); // headers are sent once decoding has started
      const waiting = long(second.signal).catch(() => undefined); // one may wait (maxQueued 1)
      await until(() => app.server.ctx.serving?.load === 2); // the second request reached the queue
      const refused = await v1('/completions', { model: 'prefloop', prompt: 'x', max_tokens: 2 });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(await refused.json()).toMatchObject({ error: { code: 'overloaded', type: 'rate_limit_error' } });
      second.abort();
      first.abort();
      await running.body?.cancel().catch(() => undefined);
      await waiting;
      await until(() => app.server.ctx.serving?.load === 0);
      const after = await openai.completions.create({ model: 'prefloop', prompt: 'x', max_tokens: 2 });
      expect(after.choices).toHaveLength(1);
    });
  });
});
