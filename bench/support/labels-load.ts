// bench:labels' simulated annotators: socket.io clients (bearer tokens) that label pair after pair, each
// waiting for its ack, and the latency they see.
import { io, type Socket } from 'socket.io-client';

export function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export interface Timings {
  next: number[]; // ms per queue:next round trip
  submit: number[]; // ms per label:submit round trip
  labels: number;
  errors: number;
}

export const newTimings = (): Timings => ({ next: [], submit: [], labels: 0, errors: 0 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keySeq = 0;

/**
 * How an annotator gets its next pair: `two-trips` asks queue:next before each label:submit; `one-trip` asks
 * queue:next once, then each label:submit carries `next: 1` and its ack brings the next pair, so the wait for
 * the next pair is the submit's own round trip. (The React client hides both behind its two-pair buffer.)
 */
export type Protocol = 'one-trip' | 'two-trips';

/**
 * One annotator until the deadline, one label per `intervalMs` (0: as fast as acks come). Only what starts
 * after `measureFrom` is measured.
 */
export async function annotate(socket: Socket, protocol: Protocol, measureFrom: number, deadline: number, intervalMs: number, t: Timings): Promise<void> {
  let slot = performance.now() + Math.random() * intervalMs; // spread the paced annotators over the interval
  let pending: { assignmentId: number } | undefined; // one-trip: the pair the last ack brought
  for (let i = 0; i < 1_000_000 && performance.now() < deadline; i++) {
    if (intervalMs > 0) {
      await sleep(Math.max(0, slot - performance.now()));
      slot = Math.max(slot + intervalMs, performance.now());
    }
    const t0 = performance.now();
    const assignment = pending ?? (await socket.timeout(30_000).emitWithAck('queue:next', { count: 1 })).assignments?.[0];
    const t1 = performance.now();
    if (!assignment) return;
    const ack = await socket.timeout(30_000).emitWithAck('label:submit', {
      assignmentId: assignment.assignmentId,
      pick: i % 3 === 0 ? 'right' : 'left',
      strength: i % 4,
      timeMs: 1000 + i,
      idempotencyKey: `bench-${keySeq++}-${socket.id}`,
      ...(protocol === 'one-trip' ? { next: 1 } : {}),
    });
    const t2 = performance.now();
    pending = protocol === 'one-trip' ? ack.assignments?.[0] : undefined;
    if (t0 < measureFrom) continue;
    if (ack.error) t.errors++;
    else t.labels++;
    t.submit.push(t2 - t1);
    t.next.push(protocol === 'one-trip' ? t2 - t1 : t1 - t0); // one-trip: the next pair came with the ack
  }
}

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
