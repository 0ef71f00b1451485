import { createServer, type Server } from 'node:http';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { call } from '../../client/src/api/call';
import { api } from '../../client/src/api/endpoints';
import { ApiRequestError } from '../../client/src/api/http';
import { CLIENT_EVENT_SPECS, METHODS, ROUTE_LIST, ROUTES, type Route, route } from '../../shared/contract';
import { SERVER_EVENT_SPECS } from '../../shared/events';
import { createApp } from '../../server/http/app';
import { bind, reply } from '../../server/http/contract';
import { errorMiddleware } from '../../server/http/errors';
import { registerHandlers } from '../../server/socket/handlers';
import type { IoSocket } from '../../server/socket/types';
import { type TestApp, startTestApp } from '../helpers/app';
import { importPairs } from '../helpers/data';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  slash: boolean;
  rawPath?: unknown;
}

/** `METHOD /path` of every route registered in an express router, nested routers included (with their mount path). */
function registered(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${prefix}${layer.route?.path}`);
    }
    if (!layer.handle.stack) return [];
    return registered(layer.handle.stack, prefix + (layer.slash || typeof layer.rawPath !== 'string' ? '' : layer.rawPath));
  });
}

const declared = (routes = ROUTE_LIST) => routes.map((r) => `${r.method} ${r.path}`);

describe('the API contract', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    await importPairs(app.admin, 2);
  });
  afterAll(() => app.close());

  it('declares each route once, under its own name, with its path params parsed', () => {
    for (const [name, r] of Object.entries(ROUTES) as [string, Route][]) {
      expect(r.name).toBe(name);
      expect(METHODS).toContain(r.method);
      expect(r.path, name).toMatch(/^\/(api|v1)\//);
      const pathParams = [...r.path.matchAll(/:(\w+)/g)].map(([, p]) => p).sort();
      const schemaParams = r.params instanceof z.ZodObject ? Object.keys(r.params.shape).sort() : [];
      expect(schemaParams, `${name}: params schema vs path`).toEqual(pathParams);
      if (r.method === 'GET') expect(r.body, `${name}: a GET with a body`).toBeUndefined();
    }
    expect(new Set(declared()).size).toBe(ROUTE_LIST.length);
  });

  it('matches the routes registered in the express app, both ways', () => {
    const express = registered((createApp(app.server.ctx) as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(express.length).toBeGreaterThan(20);
    expect(new Set(express).size, 'a route registered twice').toBe(express.length);
    expect([...express].sort()).toEqual(declared().sort());
  });

  it('declares every socket event the server handles, and handles every one it declares', () => {
    const handled: string[] = [];
    const socket = { on: (event: string) => handled.push(event), data: {} } as unknown as IoSocket;
    registerHandlers(socket, app.server.ctx);
    expect(handled.sort()).toEqual(Object.values(CLIENT_EVENT_SPECS).map((e) => e.name).sort());
    const pushNames = Object.values(SERVER_EVENT_SPECS).map((e) => e.name);
    expect(new Set([...pushNames, ...handled]).size, 'an event name used both ways').toBe(pushNames.length + handled.length);
  });

  it('answers every parameterless GET route with a body its response schema accepts', async () => {
    const gets = ROUTE_LIST.filter((r) => r.method === 'GET' && !r.path.includes(':'));
    for (const r of gets) {
      const response = await app.admin.route(r);
      expect(response.status, r.name).toBe(200);
      // a download's response schema describes the file's text
      expect(r.response.safeParse(r.download ? response.text : response.body).error, r.name).toBeUndefined();
      if (r.download) expect(r.download).toContain(response.headers.get('content-type')?.split(';')[0]);
    }
  });

  describe('the client API layer', () => {
    const realFetch = globalThis.fetch;
    beforeAll(() => {
      // the browser's relative URLs and cookie jar, for node's fetch
      globalThis.fetch = (input, init) =>
        realFetch(new URL(String(input), app.url), { ...init, headers: { ...(init?.headers as object), cookie: app.admin.cookie ?? '' } });
    });
    afterAll(() => {
      globalThis.fetch = realFetch;
    });

    it('calls routes through the contract and gets parsed, typed answers', async () => {
      const { user } = await api.me();
      expect(user.name).toBe('admin');
      const { assignments } = await api.nextPairs(2);
      expect(assignments).toHaveLength(2);
      expect(assignments[0].left.text).toEqual(expect.any(String));
      const page = await api.users(1, 0);
      expect(page.items).toHaveLength(1);
      expect(page.total).toBeGreaterThanOrEqual(1);
      const { user: updated } = await api.updateUser(page.items[0].id, { disabled: false });
      expect(updated.id).toBe(page.items[0].id);
      expect(await api.skip(assignments[1].assignmentId)).toEqual({ ok: true });
    });

    it('turns the error shape into a typed ApiRequestError', async () => {
      const error = await api.updateUser(999_999, { disabled: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiRequestError);
      expect(error).toMatchObject({ status: 404, code: 'not_found' });
      const invalid = await api.saveSettings({ overlap: 0, goldRate: 2, leaseSeconds: 1 }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ status: 400, code: 'invalid_request', details: expect.any(Array) });
    });
  });
});

/** Checked by tsc, never run: `call` asks for exactly what its route needs and returns the response's type. */
function callTypeChecks() {
  // @ts-expect-error a route with a :param needs params
  void call(ROUTES.adminUserUpdate, { body: { disabled: true } });
  // @ts-expect-error a wrong body type
  void call(ROUTES.adminSettingsSave, { body: { overlap: 'x', goldRate: 0, leaseSeconds: 60 } });
  // @ts-expect-error a route with a body needs one
  void call(ROUTES.labelSubmit);
  // @ts-expect-error no body on a GET
  void call(ROUTES.me, { body: {} });
  void call(ROUTES.me).then(({ user }) => user.role satisfies 'admin' | 'annotator');
  void call(ROUTES.queueNext, { body: { count: 2 } }).then(({ assignments }) => assignments[0].left.text satisfies string);
}
void callTypeChecks;

describe('bind', () => {
  const Thing = z.object({ id: z.number().int(), name: z.string() });
  const routes = {
    thing: {
      ...route({ method: 'GET', path: '/api/things/:id', auth: 'public', params: z.object({ id: z.coerce.number().int() }), response: Thing }),
      name: 'thing',
    },
    mine: { ...route({ method: 'GET', path: '/api/mine', auth: 'user', response: Thing }), name: 'mine' },
    make: { ...route({ method: 'POST', path: '/api/things', auth: 'public', body: Thing, response: Thing, status: [201, 200] }), name: 'make' },
  } as const;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const router = Router();
    // a handler that drifts from its response schema (what a JS caller or an `as` cast can do)
    bind(router, routes.thing, ({ params: { id } }) => (id === 1 ? { id, name: 'one' } : ({ id, name: 42 } as unknown as z.infer<typeof Thing>)));
    bind(router, routes.mine, ({ user }) => ({ id: user.id, name: user.name }));
    bind(router, routes.make, ({ body }) => (body.id === 7 ? reply(418, body) : reply(body.id === 1 ? 200 : 201, body)));
    const app = express().use(express.json(), router);
    app.use(errorMiddleware(() => {}));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('parses params and body, and sends the default or a declared status', async () => {
    expect(await send('GET', '/api/things/1')).toEqual({ status: 200, body: { id: 1, name: 'one' } });
    expect(await send('POST', '/api/things', { id: 2, name: 'two' })).toEqual({ status: 201, body: { id: 2, name: 'two' } });
    expect((await send('POST', '/api/things', { id: 1, name: 'again' })).status).toBe(200);
  });

  it('answers bad input with 400 invalid_request and a missing login with 401', async () => {
    expect(await send('GET', '/api/things/x')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await send('POST', '/api/things', { id: 'x' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await send('GET', '/api/mine')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('fails loudly (500) when a handler answers outside the contract', async () => {
    expect(await send('GET', '/api/things/2')).toMatchObject({ status: 500, body: { error: { code: 'internal' } } });
    expect(await send('POST', '/api/things', { id: 7, name: 'teapot' })).toMatchObject({ status: 500 });
  });
});
