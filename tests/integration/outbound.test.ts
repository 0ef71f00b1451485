import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../server/errors';
import { makeGenerator, generatorName } from '../../server/import/self-instruct-generators';
import { createOpenAIClient, OpenAIClientError } from '../../server/llm/openai-client';

const API_KEY = 'sk-test-0123456789abcdef-secret';
const SAMPLING = { maxTokens: 8, temperature: 0 };

/** An OpenAI-compatible endpoint on 127.0.0.1 that misbehaves on purpose, one way per path prefix. */
function misbehavingEndpoint(): Promise<{ url: string; server: Server; closedEarly: () => number }> {
  let closedEarly = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const [, mode] = req.url?.split('/') ?? [];
    if (mode === 'hang') return; // never answers
    if (mode === 'huge') {
      // 8 MiB in 64 KiB chunks, no content-length: only counting the bytes read can stop it
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 128) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.once('close', () => sent < 128 && closedEarly++);
      return pump();
    }
    // "echo": an error page that repeats the request's headers and URL, as some proxies do
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `bad key in ${req.headers.authorization} for ${req.url}` } }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, closedEarly: () => closedEarly })),
  );
}

describe('outbound calls to OpenAI-compatible endpoints', () => {
  let endpoint: Awaited<ReturnType<typeof misbehavingEndpoint>>;
  beforeAll(async () => {
    endpoint = await misbehavingEndpoint();
  });
  afterAll(() => {
    endpoint.server.closeAllConnections();
    endpoint.server.close();
  });

  it('an abort signal stops a request in flight (a cancelled job stops its fetch)', async () => {
    const abort = new AbortController();
    const client = createOpenAIClient({ baseUrl: `${endpoint.url}/hang`, model: 'm', timeoutMs: 600_000, signal: abort.signal });
    const pending = client.complete('hello', SAMPLING);
    setTimeout(() => abort.abort(), 50);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAIClientError);
    expect((err as Error).message).toMatch(/aborted/);
  });

  it('a response larger than the cap is given up while it streams', async () => {
    const client = createOpenAIClient({ baseUrl: `${endpoint.url}/huge`, model: 'm', maxResponseBytes: 1024 * 1024 });
    const err = await client.complete('hello', SAMPLING).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAIClientError);
    expect((err as Error).message).toMatch(/larger than 1048576 bytes/);
    await expect.poll(() => endpoint.closedEarly()).toBe(1); // the download was cut, not read to its end
  });

  it('never puts the API key or URL credentials into errors, API answers or generator names', async () => {
    const baseUrl = `${endpoint.url}/echo?api_key=${API_KEY}`;
    const client = createOpenAIClient({ baseUrl, model: 'm', apiKey: API_KEY });
    const err = (await client.complete('hello', SAMPLING).catch((e: unknown) => e)) as OpenAIClientError;
    expect(err).toBeInstanceOf(OpenAIClientError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/401/);
    // what reaches logs, job errors and the 502 an admin sees
    const generate = makeGenerator({ kind: 'openai', baseUrl, model: 'm', apiKey: API_KEY });
    const upstream = await generate('hello').catch((e: unknown) => e);
    const seen = [err.message, err.body ?? '', String(err.stack), JSON.stringify(toApiError(upstream)), (upstream as Error).message, generatorName({ kind: 'openai', baseUrl, model: 'm', apiKey: API_KEY })];
    expect(toApiError(upstream).status).toBe(502);
    for (const text of seen) expect(text).not.toContain(API_KEY);
    expect(seen.join('\n')).toContain('***'); // the echoed key was there, hidden
  });
});
