import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password';
import { ADMIN_PASSWORD_FILE, ensureAdmin } from '../../server/seed/admin';
import { createStore } from '../../server/store';
import { openDatabase } from '../../server/store/db';

describe('the first admin password', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (name: string) => createStore(openDatabase(join(dir, name, 'prefloop.db')));
  const hashOf = (store: ReturnType<typeof open>) => store.db.prepare("SELECT password_hash FROM users WHERE name = 'admin'").pluck().get() as string;

  it('is written, when generated, to admin-password.txt beside the database, readable by its owner only', async () => {
    const store = open('fresh');
    const seed = await ensureAdmin(store);
    expect(seed).toMatchObject({ created: true, generated: true, passwordFile: join(dir, 'fresh', ADMIN_PASSWORD_FILE) });
    const file = seed.passwordFile as string;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const written = readFileSync(file, 'utf8').trim();
    expect(written).toBe(seed.password);
    expect(await verifyPassword(written, hashOf(store))).toBe(true);
    store.db.close();
  });

  it('replaces a readable file left from before with a 0600 one', async () => {
    const store = open('old-file');
    const file = join(dir, 'old-file', ADMIN_PASSWORD_FILE);
    writeFileSync(file, 'stale\n', { mode: 0o644 });
    const seed = await ensureAdmin(store);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(seed.password);
    store.db.close();
  });

  it('writes no file for a given password, nor when an admin exists', async () => {
    const store = open('given');
    expect(await ensureAdmin(store, 'given-password')).toMatchObject({ created: true, generated: false });
    expect((await ensureAdmin(store)).created).toBe(false);
    expect(existsSync(join(dir, 'given', ADMIN_PASSWORD_FILE))).toBe(false);
    store.db.close();
  });
});
