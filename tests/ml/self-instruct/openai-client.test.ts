import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIClientError, createOpenAIClient, retryAfterOf } from '../../../server/llm/openai-client';
import { openAIInstructionGenerator } from '../../../server/ml/self-instruct';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

/** Canned OpenAI-format server; `reply` can be swapped per test. */
let reply: (seen: Seen, res: ServerResponse) => void;
let requests: Seen[] = [];
let server: Server;
let baseUrl: string;

const completion = (texts: string[]) => ({
  id: 'cmpl-1',
  object: 'text_completion',
  created: 0,
  model: 'tiny',
  choices: texts.map((text, index) => ({ index, text, logprobs: null, finish_reason: 'stop' })),
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(raw || '{}') };
      requests.push(seen);
      reply(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests = [];
  reply = (seen, res) => {
    if (seen.url === '/v1/completions') return json(res, 200, completion(seen.body.n === 2 ? [' one', ' two'] : [' hello']));
    if (seen.url === '/v1/chat/completions') {
      return json(res, 200, {
        id: 'chat-1',
        object: 'chat.completion',
        created: 0,
        model: 'tiny',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'length' }],
      });
    }
    json(res, 404, { error: { message: `no route ${seen.url}` } });
  };
});

describe('createOpenAIClient', () => {
  it('posts completions with the sampling parameters and bearer auth', async () => {
    const client = createOpenAIClient({ baseUrl, apiKey: 'sk-test', model: 'tiny', timeoutMs: 5000 });
    const result = await client.complete('Say hi', { maxTokens: 8, temperature: 0.5, n: 2 });
    expect(result).toEqual({
      model: 'tiny',
      choices: [
        { index: 0, text: ' one', finishReason: 'stop' },
        { index: 1, text: ' two', finishReason: 'stop' },
      ],
      usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
    });
    expect(requests).toEqual([
      {
        method: 'POST',
        url: '/v1/completions',
        auth: 'Bearer sk-test',
        body: { model: 'tiny', prompt: 'Say hi', max_tokens: 8, temperature: 0.5, n: 2 },
      },
    ]);
  });

  it('posts chat messages, accepts a base URL ending in /v1, sends no auth without a key', async () => {
    const client = createOpenAIClient({ baseUrl: `${baseUrl}/v1/`, model: 'tiny', timeoutMs: 5000 });
    const messages = [{ role: 'user' as const, content: 'Hello' }];
    const result = await client.chat(messages, { maxTokens: 4, temperature: 0 });
    expect(result.choices).toEqual([{ index: 0, text: 'Hi!', finishReason: 'length' }]);
    expect(result.usage).toBeUndefined();
    expect(requests[0]).toMatchObject({ url: '/v1/chat/completions', auth: undefined, body: { model: 'tiny', messages } });
  });

  it('reports non-2xx responses with the status and the server message', async () => {
    reply = (_seen, res) => json(res, 401, { error: { message: 'Invalid API key', type: 'auth' } });
    const client = createOpenAIClient({ baseUrl, apiKey: 'bad', model: 'tiny', timeoutMs: 5000 });
    const err = await client.complete('x', { maxTokens: 1, temperature: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAIClientError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/\/v1\/completions → 401 .*Invalid API key/);

    reply = (_seen, res) => json(res, 502, 'upstream exploded');
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/502 .*upstream exploded/);
  });

  it('rejects a 200 response of the wrong shape or not JSON', async () => {
    const client = createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 5000 });
    reply = (_seen, res) => json(res, 200, { model: 'tiny', choices: [{ index: 0 }] });
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/unexpected response shape/);
    reply = (_seen, res) => json(res, 200, '<html>');
    await expect(client.chat([], { maxTokens: 1, temperature: 0 })).rejects.toThrow(/not JSON/);
  });

  it('waits out a 429 or 503 with a short Retry-After and retries; a long one, or too many, fail', async () => {
    const busy = (status: number, retryAfter: string) => (_seen: Seen, res: ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': retryAfter });
      res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error' } }));
    };
    let calls = 0;
    reply = (seen, res) => (++calls <= 2 ? busy(calls === 1 ? 429 : 503, '0')(seen, res) : json(res, 200, completion(['finally'])));
    const client = createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 5000 });
    expect((await client.complete('x', { maxTokens: 1, temperature: 0 })).choices[0].text).toBe('finally');
    expect(requests).toHaveLength(3);

    requests = [];
    reply = busy(429, '0');
    const gaveUp = await createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 5000, retries: 2 })
      .complete('x', { maxTokens: 1, temperature: 0 })
      .catch((e) => e);
    expect(gaveUp).toMatchObject({ status: 429, retryAfterSeconds: 0 });
    expect(requests).toHaveLength(3); // the first try and two retries

    requests = [];
    reply = busy(429, '120'); // longer than the client waits
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/429 .*slow down/);
    expect(requests).toHaveLength(1);

    requests = [];
    reply = (_seen, res) => json(res, 400, { error: { message: 'bad' } }); // not retried
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/400/);
    expect(requests).toHaveLength(1);
  });

  it('stops waiting to retry when aborted', async () => {
    reply = (_seen, res) => {
      res.writeHead(429, { 'retry-after': '20' });
      res.end('{}');
    };
    const abort = new AbortController();
    const client = createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 5000, signal: abort.signal });
    const started = performance.now();
    const pending = client.complete('x', { maxTokens: 1, temperature: 0 }).catch((e) => e);
    setTimeout(() => abort.abort(), 100);
    const err = await pending;
    expect(err.message).toMatch(/aborted while waiting to retry/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterOf('3')).toBe(3);
    expect(retryAfterOf(new Date(Date.parse('2030-01-01T00:00:10Z')).toUTCString(), Date.parse('2030-01-01T00:00:00Z'))).toBe(10);
    expect(retryAfterOf(null)).toBeUndefined();
    expect(retryAfterOf('soon')).toBeUndefined();
  });

  it('times out', async () => {
    reply = (_seen, res) => setTimeout(() => json(res, 200, completion(['late'])), 500);
    const client = createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 50 });
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/timed out after 50 ms/);
  });

  it('reports an unreachable server', async () => {
    const client = createOpenAIClient({ baseUrl: 'http://127.0.0.1:1', model: 'tiny', timeoutMs: 2000 });
    await expect(client.complete('x', { maxTokens: 1, temperature: 0 })).rejects.toThrow(/POST http:\/\/127\.0\.0\.1:1\/v1\/completions failed/);
  });
});

describe('openAIInstructionGenerator', () => {
  it('asks with Self-Instruct sampling and returns the first choice', async () => {
    const generate = openAIInstructionGenerator(createOpenAIClient({ baseUrl, model: 'tiny', timeoutMs: 5000 }));
    expect(await generate('Come up with a series of tasks:\n1. A\n2.')).toBe(' hello');
    expect(requests[0].body).toEqual({
      model: 'tiny',
      prompt: 'Come up with a series of tasks:\n1. A\n2.',
      max_tokens: 1024,
      temperature: 0.7,
      top_p: 0.5,
      stop: ['\n\n', '\n16', '16.', '16 .'],
    });
  });
});
