// bench:labels' simulated annotators: socket.io clients (bearer tokens) that loop queue:next → label:submit,
// each waiting for its ack, and the latency they see.
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
 * One annotator: next → submit until the deadline, one label per `intervalMs` (0: as fast as acks come).
 * Only what starts after `measureFrom` is measured.
 */
export async function annotate(socket: Socket, measureFrom: number, deadline: number, intervalMs: number, t: Timings): Promise<void> {
  let slot = performance.now() + Math.random() * intervalMs; // spread the paced annotators over the interval
  for (let i = 0; i < 1_000_000 && performance.now() < deadline; i++) {
    if (intervalMs > 0) {
      await sleep(Math.max(0, slot - performance.now()));
      slot = Math.max(slot + intervalMs, performance.now());
    }
    const t0 = performance.now();
    const next = await socket.timeout(30_000).emitWithAck('queue:next', { count: 1 });
    const t1 = performance.now();
    const assignment = next.assignments?.[0];
    if (!assignment) return;
    const ack = await socket.timeout(30_000).emitWithAck('label:submit', {
      assignmentId: assignment.assignmentId,
      pick: i % 3 === 0 ? 'right' : 'left',
      strength: i % 4,
      timeMs: 1000 + i,
      idempotencyKey: `bench-${keySeq++}-${socket.id}`,
    });
    const t2 = performance.now();
    if (t0 < measureFrom) continue;
    if (ack.error) t.errors++;
    else t.labels++;
    t.next.push(t1 - t0);
    t.submit.push(t2 - t1);
  }
}

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
