import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { hashPassword, needsRehash, scryptN, verifyPassword } from '../../server/auth/password';
import { parseEnv } from '../../server/env';
import { type TestApp, startTestApp } from '../helpers/app';

const TEST_N = process.env.PREFLOOP_SCRYPT_N; // vitest.config.ts lowers it for speed; these tests use the real default
const paramsOf = (hash: string) => hash.split('$').slice(0, 4).join('$');

describe('password hashing at OWASP cost, rehashed on login', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterEach(() => {
    if (TEST_N === undefined) delete process.env.PREFLOOP_SCRYPT_N;
    else process.env.PREFLOOP_SCRYPT_N = TEST_N;
  });
  afterAll(() => app.close());

  const storedHash = (name: string) => app.server.db.prepare('SELECT password_hash FROM users WHERE name = ?').pluck().get(name) as string;

  it('hashes with N=2^17, r=8, p=1 unless told otherwise', async () => {
    delete process.env.PREFLOOP_SCRYPT_N;
    expect(scryptN()).toBe(2 ** 17);
    const hash = await hashPassword('correct horse');
    expect(paramsOf(hash)).toBe('scrypt$131072$8$1');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('upgrades a stored N=2^14 hash at the next successful login (and not at a failed one)', async () => {
    app.server.ctx.store.users.create('legacy', 'annotator', await hashPassword('legacy-password', 2 ** 14));
    delete process.env.PREFLOOP_SCRYPT_N; // the server now wants 2^17
    expect(paramsOf(storedHash('legacy'))).toBe('scrypt$16384$8$1');

    expect((await app.anonymous.post(API.login, { name: 'legacy', password: 'wrong-password' })).status).toBe(401);
    expect(paramsOf(storedHash('legacy'))).toBe('scrypt$16384$8$1');

    expect((await app.anonymous.post(API.login, { name: 'legacy', password: 'legacy-password' })).status).toBe(200);
    const upgraded = storedHash('legacy');
    expect(paramsOf(upgraded)).toBe('scrypt$131072$8$1');
    expect(await verifyPassword('legacy-password', upgraded)).toBe(true);

    expect((await app.anonymous.post(API.login, { name: 'legacy', password: 'legacy-password' })).status).toBe(200);
    expect(storedHash('legacy')).toBe(upgraded); // no second rehash
  });

  it('accepts only a power of two from 2^10 to 2^20 as PREFLOOP_SCRYPT_N', () => {
    for (const bad of ['1000', '512', '4194304', 'abc']) {
      process.env.PREFLOOP_SCRYPT_N = bad;
      expect(() => scryptN(), bad).toThrow(/power of two/);
      expect(() => parseEnv({ PREFLOOP_SCRYPT_N: bad }), bad).toThrow(/PREFLOOP_SCRYPT_N/);
    }
    expect(parseEnv({ PREFLOOP_SCRYPT_N: '16384' }).PREFLOOP_SCRYPT_N).toBe(16384);
  });
});
