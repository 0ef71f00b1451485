// Runs an external trainer in a session of its own: `node trainer-session.mjs launch EXIT_FILE PID_FILE CWD PROGRAM
// [ARGS…]` (CWD '': the current folder). The launcher starts a copy of itself as a new session leader (detached: its own process group,
// the group a cancel kills), writes that pid to PID_FILE and exits at once, so the session is a child of init
// (which reaps it), not of the worker thread that started the launcher and may be terminated before it ends.
// The session runs PROGRAM with the inherited stdio (the job's pipes), then writes {code, signal} or {error}
// to EXIT_FILE and exits with the program's code.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [mode, exitFile, pidFile, cwd, program, ...args] = process.argv.slice(2);

if (mode === 'launch') {
  const session = spawn(process.execPath, [process.argv[1], 'session', exitFile, pidFile, cwd, program, ...args], { detached: true, stdio: 'inherit' });
  writeFileSync(pidFile, String(session.pid));
  session.unref();
} else {
  const trainer = spawn(program, args, { cwd: cwd || undefined, stdio: 'inherit' });
  const done = (outcome, code) => {
    writeFileSync(exitFile, JSON.stringify(outcome));
    process.exit(code);
  };
  trainer.on('error', (err) => done({ error: err.message }, 127));
  trainer.on('exit', (code, signal) => done({ code, signal }, code ?? 1));
  // a TERM to the group reaches the trainer too; the session waits for it to exit
  process.on('SIGTERM', () => {});
}
