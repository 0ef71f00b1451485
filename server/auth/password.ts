import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's cost: N=2^17, r=8, p=1 (128 MiB, a few hundred ms per check on one core). Stored as
 * scrypt$N$r$p$salt$hash (base64); a stored hash of lower cost is rehashed at the next successful login.
 * PREFLOOP_SCRYPT_N lowers N for tests only (vitest.config.ts), so suites that log in often stay fast.
 */
const DEFAULT_N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;

/** The N new hashes get: PREFLOOP_SCRYPT_N (a power of two, 2^10..2^20) or 2^17. Read per call so a test can change it. */
export function scryptN(): number {
  const raw = process.env.PREFLOOP_SCRYPT_N;
  if (raw === undefined || raw === '') return DEFAULT_N;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2 ** 10 || n > 2 ** 20 || (n & (n - 1)) !== 0) {
    throw new Error(`PREFLOOP_SCRYPT_N must be a power of two from 1024 to 1048576, not ${raw}`);
  }
  return n;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Runs on libuv's thread pool, so a login never blocks the event loop. `n` defaults to scryptN(). */
export async function hashPassword(password: string, n = scryptN()): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, n, R, P, KEY_LENGTH);
  return ['scrypt', n, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return timingSafeEqual(actual, expected);
}

/** A stored hash made with lower parameters than new hashes get (rehash it once the password is known). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < scryptN() || Number(r) < R || Number(p) < P;
}

const dummies = new Map<number, Promise<string>>();
/** A hash of a random password at today's cost: checking an unknown name against it costs the same as a real check. */
export function dummyHash(): Promise<string> {
  const n = scryptN();
  if (!dummies.has(n)) dummies.set(n, hashPassword(randomBytes(16).toString('hex'), n));
  return dummies.get(n) as Promise<string>;
}
