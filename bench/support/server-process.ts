// bench:labels' server: `server/index.ts` in a child process (so the simulated annotators do not steal its
// CPU) on 127.0.0.1, and where its CPU goes, thread by thread.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): void;
}

/** BENCH_SERVER_ARGS passes node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
export function startServerProcess(dbPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_ARGS?.split(' ') ?? []), '--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PREFLOOP_DB: dbPath, PREFLOOP_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], pid: child.pid as number, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

/** CPU seconds (user + system) so far: `normal` = threads at nice ≤ 0 (event loop, libuv, GC), `niced` = the rest (job workers). */
export interface CpuSplit {
  normal: number;
  niced: number;
}

/** Per-thread CPU of a process from /proc/<pid>/task/<tid>/stat (Linux); NaN elsewhere. Exited threads drop out. */
export function threadCpu(pid: number): CpuSplit {
  const split = { normal: 0, niced: 0 };
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // the thread ended meanwhile
      }
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3
      const seconds = (Number(f[14 - 3]) + Number(f[15 - 3])) / 100; // utime + stime, in clock ticks (100/s)
      if (Number(f[19 - 3]) > 0) split.niced += seconds;
      else split.normal += seconds;
    }
    return split;
  } catch {
    return { normal: Number.NaN, niced: Number.NaN };
  }
}

/** CPU seconds (user + system) a whole process has used so far (Linux); NaN elsewhere. */
export function processCpu(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
