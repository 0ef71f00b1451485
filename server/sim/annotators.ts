/**
 * A fleet of simulated annotators labelling through the real API, like people in browsers: each one is an
 * annotator account (created through the admin API, or given), logs in, opens a socket.io connection with its
 * session cookie and loops `queue:next` → judge → `label:submit` (acknowledged after the commit).
 *
 * What an annotator knows is what the queue payload gives it: the prompt text and the two answers in the shown
 * order. It reads the task from the prompt text (read-task.ts), scores both answers with the task verifier
 * (the oracle) and judges the scores with the choice model of ml/tasks/simulated-annotator.ts. The pick is
 * relative to the screen (left/right); the server maps it back to response a/b with the recorded shown order.
 * Prompts that are not task-world instructions are skipped (`queue:skip`), never guessed.
 *
 * Bounded: stops after `labels` labels in all, or when the queue has nothing left for any annotator; every
 * request has a timeout; an annotator stops after 3 failures in a row. "Too many requests" (the queue's per-user rate
 * limit) is not a failure: the annotator waits as long as the server asks and goes on, as the browser client would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLIENT_EVENTS } from '../../shared/events';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import { verify } from '../ml/tasks/index';
import { createSimulatedAnnotator, type Judgment, SIMULATED_ANNOTATOR_DEFAULTS, type SimulatedAnnotatorOptions } from '../ml/tasks/simulated-annotator';
import { type Credentials, SimApiError, SimHttp } from './http';
import { readTask } from './read-task';
import { ask, connectAnnotatorSocket, type SimSocket } from './socket';

export type ChoiceModelOptions = Omit<SimulatedAnnotatorOptions, 'seed'>;

export interface SimulateOptions {
  /** server base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** admin credentials, needed to create the annotator accounts (a bearer token, or a name and password) */
  admin?: Credentials | { name: string; password: string };
  /** how many annotators to create (named `${namePrefix}-1` … ; an existing one gets a fresh password), or given logins */
  annotators: number | { name: string; password: string }[];
  /** labels to submit in all */
  labels: number;
  /** [1] annotator i judges with seed `seed · 1000 + i` */
  seed?: number;
  /** the choice model (noise, temperature, positionBias, tieThreshold, bothBadThreshold); defaults in SIMULATED_ANNOTATOR_DEFAULTS */
  choice?: ChoiceModelOptions;
  /** ['sim'] */
  namePrefix?: string;
  /** [10000] per request (HTTP call, socket ack, connect) */
  timeoutMs?: number;
  /** stops the fleet between labels */
  signal?: AbortSignal;
  /** after every acknowledged label */
  onLabel?: (progress: { submitted: number; target: number; label: SubmittedLabel }) => void;
}

/** One label as the annotator submitted it and the server acknowledged it (blind: the lease id and the texts as shown). */
export interface SubmittedLabel extends Judgment {
  annotator: string;
  assignmentId: number;
  leftText: string;
  rightText: string;
}

export interface AnnotatorSummary {
  name: string;
  labels: number;
  skipped: number;
  /** share of its decisive labels on decisive pairs that pick the higher oracle score (null: none) */
  oracleAgreement: number | null;
  /** why it stopped */
  stopped: 'target' | 'queue_empty' | 'aborted' | 'errors';
  errors: string[];
  /** times the server said "too many requests": it waited as asked and tried again (not an error) */
  rateLimited: number;
}

export interface SimulateSummary {
  submitted: number;
  /** pairs passed over because the prompt is not a task-world instruction */
  skipped: number;
  picks: Record<Judgment['pick'], number>;
  /** over all decisive labels on decisive pairs (null: none) */
  oracleAgreement: number | null;
  annotators: AnnotatorSummary[];
  elapsedMs: number;
}

const MAX_FAILURES_IN_A_ROW = 3;
/** Rate-limit answers in a row before an annotator gives up (each one waits as the server asks, ≥ 1 s). */
const MAX_RATE_LIMITED_IN_A_ROW = 60;

export async function simulateAnnotators(opts: SimulateOptions): Promise<SimulateSummary> {
  if (!(Number.isInteger(opts.labels) && opts.labels >= 0)) throw new Error(`labels must be a whole number ≥ 0, got ${opts.labels}`);
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const logins = await annotatorLogins(opts, timeoutMs);
  const anonymous = new SimHttp(opts.url, {}, timeoutMs);
  const sessions = await Promise.all(
    logins.map(async ({ name, password }) => {
      const http = await anonymous.login(name, password);
      return { name, socket: await connectAnnotatorSocket(opts.url, http.credentials, timeoutMs) };
    }),
  );

  const budget = { target: opts.labels, claimed: 0, submitted: 0 };
  const picks: SimulateSummary['picks'] = { left: 0, right: 0, tie: 0, both_bad: 0 };
  try {
    const annotators = await Promise.all(
      sessions.map(({ name, socket }, i) =>
        runAnnotator({ name, socket, seed: (opts.seed ?? 1) * 1000 + i, choice: opts.choice ?? {}, timeoutMs, budget, picks, opts }),
      ),
    );
    const agreements = annotators.flatMap((a) => a.agreement);
    return {
      submitted: budget.submitted,
      skipped: annotators.reduce((s, a) => s + a.summary.skipped, 0),
      picks,
      oracleAgreement: mean(agreements),
      annotators: annotators.map((a) => a.summary),
      elapsedMs: performance.now() - started,
    };
  } finally {
    for (const { socket } of sessions) socket.close();
  }
}

interface RunAnnotatorArgs {
  name: string;
  socket: SimSocket;
  seed: number;
  choice: ChoiceModelOptions;
  timeoutMs: number;
  budget: { target: number; claimed: number; submitted: number };
  picks: SimulateSummary['picks'];
  opts: SimulateOptions;
}

/** One annotator's loop; returns its summary and a 1/0 per decisive label on a decisive pair (agrees with the oracle). */
async function runAnnotator(a: RunAnnotatorArgs): Promise<{ summary: AnnotatorSummary; agreement: number[] }> {
  const judge = createSimulatedAnnotator({ seed: a.seed, ...a.choice });
  const tieThreshold = a.choice.tieThreshold ?? SIMULATED_ANNOTATOR_DEFAULTS.tieThreshold;
  const summary: AnnotatorSummary = { name: a.name, labels: 0, skipped: 0, oracleAgreement: null, stopped: 'target', errors: [], rateLimited: 0 };
  const agreement: number[] = [];
  let failures = 0;
  let limitedInARow = 0;
  while (summary.stopped === 'target') {
    if (a.opts.signal?.aborted) summary.stopped = 'aborted';
    else if (a.budget.claimed >= a.budget.target) break;
    else {
      a.budget.claimed++; // a slot, so that the fleet never submits more than the target
      try {
        const outcome = await labelOne(a, judge);
        failures = 0;
        limitedInARow = 0;
        if (outcome === 'empty') summary.stopped = 'queue_empty';
        else if (outcome === 'skipped') summary.skipped++;
        else {
          const judgment = outcome;
          summary.labels++;
          a.budget.submitted++;
          a.picks[judgment.pick]++;
          const { left, right } = judgment.scores;
          const decisivePair = Math.abs(left - right) >= tieThreshold;
          if (decisivePair && (judgment.pick === 'left' || judgment.pick === 'right')) agreement.push(judgment.againstOracle ? 0 : 1);
          a.opts.onLabel?.({ submitted: a.budget.submitted, target: a.budget.target, label: judgment });
        }
        if (outcome === 'empty' || outcome === 'skipped') a.budget.claimed--;
      } catch (err) {
        a.budget.claimed--;
        if (err instanceof SimApiError && err.code === 'rate_limited' && ++limitedInARow < MAX_RATE_LIMITED_IN_A_ROW) {
          // a person's client slows down when told to; a lease taken before a refused submit is served again next
          summary.rateLimited++;
          await sleep(1000 * Math.max(1, err.retryAfterSeconds ?? 1));
          continue;
        }
        summary.errors.push(err instanceof Error ? err.message : String(err));
        if (++failures >= MAX_FAILURES_IN_A_ROW) summary.stopped = 'errors';
      }
    }
  }
  summary.oracleAgreement = mean(agreement);
  return { summary, agreement };
}

/** Takes one pair and labels it (or skips it): the judgment, 'skipped', or 'empty' when the queue has nothing for us. */
async function labelOne(a: RunAnnotatorArgs, judge: ReturnType<typeof createSimulatedAnnotator>): Promise<SubmittedLabel | 'skipped' | 'empty'> {
  const { assignments } = await ask<{ assignments: AssignmentView[] }>(a.socket, CLIENT_EVENTS.queueNext, { count: 1 }, a.timeoutMs);
  const pair = assignments[0];
  if (!pair) return 'empty';
  const shownAt = performance.now();
  const spec = readTask(pair.prompt.text);
  if (!spec) {
    await ask(a.socket, CLIENT_EVENTS.queueSkip, { assignmentId: pair.assignmentId }, a.timeoutMs);
    return 'skipped';
  }
  const judgment = judge.judgeScores({ left: verify(spec, pair.left.text), right: verify(spec, pair.right.text) });
  await ask<LabelAck>(
    a.socket,
    CLIENT_EVENTS.labelSubmit,
    {
      assignmentId: pair.assignmentId,
      pick: judgment.pick, // screen side: the server maps it to a/b with the shown order it recorded
      strength: judgment.strength,
      timeMs: Math.round(performance.now() - shownAt),
      idempotencyKey: randomUUID(),
    },
    a.timeoutMs,
  );
  return {
    ...judgment,
    annotator: a.name,
    assignmentId: pair.assignmentId,
    leftText: pair.left.text,
    rightText: pair.right.text,
  };
}

/** The annotators' names and passwords: given, or N accounts made (or re-keyed) through the admin API. */
async function annotatorLogins(opts: SimulateOptions, timeoutMs: number): Promise<{ name: string; password: string }[]> {
  if (Array.isArray(opts.annotators)) return opts.annotators;
  const n = opts.annotators;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`annotators must be a whole number ≥ 1, got ${n}`);
  if (!opts.admin) throw new Error('creating annotators needs admin credentials (a token, or a name and password)');
  const admin =
    'name' in opts.admin ? await new SimHttp(opts.url, {}, timeoutMs).login(opts.admin.name, opts.admin.password) : new SimHttp(opts.url, opts.admin, timeoutMs);
  const prefix = opts.namePrefix ?? 'sim';
  let existing: Map<string, { id: number; role: string }> | undefined;
  const logins: { name: string; password: string }[] = [];
  for (let i = 1; i <= n; i++) {
    const name = `${prefix}-${i}`;
    const password = randomBytes(18).toString('base64url');
    try {
      await admin.createUser(name, password);
    } catch (err) {
      if (!(err instanceof SimApiError && err.code === 'name_taken')) throw err;
      existing ??= new Map((await admin.users()).map((u) => [u.name, u]));
      const user = existing.get(name);
      if (!user) throw err;
      if (user.role !== 'annotator') throw new Error(`${name} exists and is an ${user.role}, not an annotator; pick another --name-prefix`);
      await admin.setPassword(user.id, password);
    }
    logins.push({ name, password });
  }
  return logins;
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}
