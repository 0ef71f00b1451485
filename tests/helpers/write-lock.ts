import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** Another process (as the CLI would) holding the database's write lock until told to let go. */
export function holdWriteLock(dbPath: string): Promise<{ release(): Promise<void> }> {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `const db = new (require(${JSON.stringify(sqlite)}))(${JSON.stringify(dbPath)});
    db.exec('BEGIN IMMEDIATE'); console.log('locked');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); console.log('released'); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = (text: string) => new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes(text) && resolve()));
  return line('locked').then(() => ({
    release: async () => {
      const released = line('released');
      child.stdin.end('go\n');
      await released;
    },
  }));
}
