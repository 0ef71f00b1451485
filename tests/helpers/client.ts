import { request as httpRequest } from 'node:http';
import { API } from '../../shared/api';
import { buildPath, buildQuery, type Route, type RouteResponse } from '../../shared/contract';

/** node:http rather than fetch: undici resets the connection when a server answers (413) a huge upload. */
function send(url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : [value ?? '']) out.append(name, v);
        }
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every :param of a route's path set to 1 (an id that may or may not exist). */
export const placeholderParams = (route: Route): Record<string, number> =>
  Object.fromEntries([...route.path.matchAll(/:(\w+)/g)].map(([, name]) => [name, 1]));

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A tiny HTTP client over fetch that keeps one session cookie or bearer token. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly cookie?: string,
    readonly bearer?: string,
  ) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, rawBody?: string, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const sent: Record<string, string> = { ...headers };
    if (this.cookie) sent.cookie = this.cookie;
    if (this.bearer) sent.authorization = `Bearer ${this.bearer}`;
    const payload = rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined && !sent['content-type']) sent['content-type'] = 'application/json';
    if (payload !== undefined) sent['content-length'] = String(Buffer.byteLength(payload));
    const response = await send(new URL(path, this.baseUrl), method, sent, payload);
    const text = response.text;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  /** A contract route with its :params filled in and an optional query; `body` is sent as is (it may be wrong on purpose). */
  route<R extends Route>(
    route: R,
    input: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown } = {},
  ): Promise<ApiResponse<RouteResponse<R>>> {
    const path = buildPath(route.path, input.params) + buildQuery(input.query);
    return this.request<RouteResponse<R>>(route.method, path, input.body ?? (route.method === 'GET' ? undefined : {}));
  }

  get = <T = unknown>(path: string) => this.request<T>('GET', path);
  post = <T = unknown>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  put = <T = unknown>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  patch = <T = unknown>(path: string, body: unknown) => this.request<T>('PATCH', path, body);

  /** Logs in and returns a client carrying the session cookie. */
  async login(name: string, password: string): Promise<ApiClient> {
    const response = await new ApiClient(this.baseUrl).post(API.login, { name, password });
    if (response.status !== 200) throw new Error(`login ${name}: ${response.status} ${response.text}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    return new ApiClient(this.baseUrl, cookie);
  }

  withBearer(token: string): ApiClient {
    return new ApiClient(this.baseUrl, undefined, token);
  }
}
