import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/app';

const run = promisify(execFile);

describe('prefloop CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-cli-'));
  const env = { ...process.env, PREFLOOP_DB: join(dir, 'cli.db') };
  const cli = (...args: string[]) => run(process.execPath, ['scripts/prefloop.mjs', ...args], { cwd: repoRoot, env });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports, creates users and backs up, straight on the database file', async () => {
    writeFileSync(join(dir, 'prompts.txt'), 'first prompt\nsecond prompt\nfirst prompt\n');
    writeFileSync(join(dir, 'a.jsonl'), `${JSON.stringify({ prompt: 'first prompt', output: 'A says 1' })}\n`);
    writeFileSync(join(dir, 'b.csv'), 'prompt,response\nfirst prompt,B says 1\n');

    expect((await cli('import', 'prompts', join(dir, 'prompts.txt'))).stdout).toContain('3 rows: 2 new prompts');
    await cli('import', 'responses', join(dir, 'a.jsonl'), '--model', 'a');
    expect((await cli('import', 'responses', join(dir, 'b.csv'), '--model', 'b')).stdout).toContain('1 new comparisons');
    expect((await cli('create-user', 'carol', '--role', 'admin', '--password', 'carol-password')).stdout).toContain('Created admin carol');
    await expect(cli('create-user', 'carol')).rejects.toMatchObject({ stderr: expect.stringContaining('already exists') });
    await expect(cli('import', 'prompts', join(dir, 'prompts.xml'))).rejects.toMatchObject({ stderr: expect.stringContaining('--format') });

    const backup = join(dir, 'backup.db');
    await cli('backup', backup);
    expect(existsSync(backup)).toBe(true);
    const db = new Database(backup, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM comparisons').pluck().get()).toBe(1);
    expect(db.prepare("SELECT role FROM users WHERE name = 'carol'").pluck().get()).toBe('admin');
    db.close();
  });

  it('manages accounts with users list|create|disable|enable|set-role|reset-password', async () => {
    const roleOf = (name: string) => {
      const db = new Database(env.PREFLOOP_DB, { readonly: true });
      try {
        return db.prepare('SELECT role, disabled FROM users WHERE name = ?').get(name);
      } finally {
        db.close();
      }
    };
    const created = (await cli('users', 'create', 'dave')).stdout;
    expect(created).toMatch(/Created annotator dave \(id \d+\) with password \S{12,}/);
    expect((await cli('users', 'list')).stdout).toMatch(/\tdave\tannotator\tenabled/);
    expect((await cli('users', 'set-role', 'dave', 'admin')).stdout).toMatch(/\tdave\tadmin\tenabled/);
    expect((await cli('users', 'disable', 'dave')).stdout).toMatch(/\tdave\tadmin\tdisabled/);
    expect(roleOf('dave')).toEqual({ role: 'admin', disabled: 1 });
    expect((await cli('users', 'enable', 'dave')).stdout).toMatch(/\tenabled$/m);
    expect((await cli('users', 'reset-password', 'dave')).stdout).toMatch(/new password \S{12,}/);
    expect(roleOf('dave')).toEqual({ role: 'admin', disabled: 0 });
    await expect(cli('users', 'set-role', 'dave', 'root')).rejects.toMatchObject({ stderr: expect.stringContaining('annotator or admin') });
    await expect(cli('users', 'disable', 'nobody')).rejects.toMatchObject({ stderr: expect.stringContaining('No user named nobody') });
    expect((await cli('users', '--help')).stdout).toContain('reset-password');
  });
});
