/**
 * OS priority of the calling thread. Linux nice values are per thread (a thread's kernel id works as a pid for
 * setpriority), so a job's worker thread can yield the CPU to the server's event loop without touching the rest
 * of the process. Threads started later by that thread (nested workers) inherit its nice value.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The calling thread's kernel id: `/proc/thread-self` → `<pid>/task/<tid>` (Linux only, else undefined). */
export function kernelThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** The calling thread's nice value, field 19 of `/proc/thread-self/stat` (Linux only, else undefined). */
export function threadNice(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count fields after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    const nice = Number(fields[19 - 3]);
    return Number.isInteger(nice) ? nice : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the calling thread's nice value (0 = normal … 19 = lowest; raising it needs no privilege). Returns why
 * it could not (not Linux, or setpriority refused), else undefined. Never throws.
 */
export function setThreadNice(nice: number): string | undefined {
  const tid = kernelThreadId();
  if (tid === undefined) return `per-thread priority needs Linux (/proc/thread-self); ${process.platform} has none`;
  try {
    setPriority(tid, nice);
    return undefined;
  } catch (err) {
    return `setpriority(${tid}, ${nice}) failed: ${(err as Error).message}`;
  }
}
