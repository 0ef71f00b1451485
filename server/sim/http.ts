/**
 * The few REST calls a simulated annotator fleet needs, over fetch, carrying a session cookie or a bearer token
 * exactly as a browser or a script would. Non-2xx answers throw SimApiError with the server's {error} body.
 */
import { API } from '../../shared/api';
import type { PublicUser } from '../../shared/schemas/auth';
import type { Page } from '../../shared/schemas/common';

export interface Credentials {
  /** session cookie "name=value" (browser login) */
  cookie?: string;
  /** bearer token (POST /api/admin/tokens) */
  token?: string;
}

/** An {error} answer: `status` is the HTTP status; 0 for a socket.io ack, a timeout or an unreachable server. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** for code 'rate_limited': the seconds the server asked to wait (details.retryAfterSeconds), if it said */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'SimApiError';
  }
}

/** The server's details.retryAfterSeconds of a rate_limited error, or null. */
export function retryAfterOf(details: unknown): number | null {
  const s = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? s : null;
}

export class SimHttp {
  constructor(
    readonly baseUrl: string,
    readonly credentials: Credentials = {},
    private readonly timeoutMs = 10_000,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ body: T; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.credentials.cookie) headers.cookie = this.credentials.cookie;
    if (this.credentials.token) headers.authorization = `Bearer ${this.credentials.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(path, this.baseUrl);
    const res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).catch((err: Error) => {
      const cause = (err.cause as Error | undefined)?.message ?? err.message;
      throw new SimApiError(0, 'unreachable', `${method} ${url.href}: ${cause}`);
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      throw new SimApiError(res.status, error?.code ?? 'http_error', `${method} ${path}: ${res.status} ${error?.message ?? text}`, retryAfterOf(error?.details));
    }
    return { body: parsed as T, headers: res.headers };
  }

  /** Logs in by name and password; the returned client carries the session cookie. */
  async login(name: string, password: string): Promise<SimHttp> {
    const { headers } = await new SimHttp(this.baseUrl, {}, this.timeoutMs).call('POST', API.login, { name, password });
    const cookie = headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.includes('='));
    if (!cookie) throw new SimApiError(500, 'no_session', `login ${name}: no session cookie in the answer`);
    return new SimHttp(this.baseUrl, { cookie }, this.timeoutMs);
  }

  createUser = (name: string, password: string) =>
    this.call<{ user: PublicUser }>('POST', API.admin.users, { name, password, role: 'annotator' }).then((r) => r.body.user);

  setPassword = (id: number, password: string) =>
    this.call<{ user: PublicUser }>('PATCH', API.admin.user.replace(':id', String(id)), { password, disabled: false }).then((r) => r.body.user);

  /** Every user, page by page. */
  async users(): Promise<PublicUser[]> {
    const all: PublicUser[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = (await this.call<Page<PublicUser>>('GET', `${API.admin.users}?limit=500&offset=${offset}`)).body;
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.total) return all;
    }
  }
}
