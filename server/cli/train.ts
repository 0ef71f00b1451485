/**
 * `prefloop train-rm`, `prefloop train-policy --algo A` and `prefloop loop`: queue a training job on a running
 * server and follow it to the end with a progress bar (the job runs in the server's job system, not in the CLI).
 */
import { parseArgs } from 'node:util';
import { prettifyError, z } from 'zod';
import type { Job } from '../../shared/schemas/jobs';
import { followJob, jobsClient } from '../jobs/remote';

export const TRAIN_USAGE = `Usage: prefloop train-rm [options]
       prefloop train-policy --algo ppo|trpo|rloo|dpo|best-of-n [options]

  --config JSON   the job's config (see GET /api/admin/jobs kinds; unset keys take their defaults)
  --lr X --steps N --seed S     shortcuts for the same config keys
  --force         (train-rm) activate the new reward model even if its held-out accuracy is lower
  --word-prior / --no-word-prior   (train-rm) a GloVe word prior under the trunk, or none [auto: on unless most
                  prompts are task-world prompts; README "Word prior"]
  --no-follow     queue and return at once
  --url URL       the server [env PREFLOOP_URL, http://127.0.0.1:3000]
  --token T       an admin bearer token (POST /api/admin/tokens) [env PREFLOOP_TOKEN]

       prefloop loop [--algo ppo] [--rounds N] [options]
                  one round of the loop per job: reward model (when enough new labels arrived), a new
                  policy version (activated), fresh same-version and cross-version pairs; --lr/--steps/--seed
                  go to the policy's config; --rounds N runs N rounds one after the other [1]. PPO/TRPO/best-of-n
                  run only when the reward model's held-out accuracy clears rmGate (one coin standard error,
                  0.5/√n, above 50 %); --config '{"rmGate":{"z":0,"minAccuracy":0}}' lets any reward model drive them

Prints the job id, a progress bar while it runs, then its result; exits non-zero unless it succeeded.`;

/** The policy algorithms the server runs as job kinds. */
const POLICY_ALGOS: Record<string, Job['kind']> = { ppo: 'ppo', trpo: 'trpo', rloo: 'rloo', dpo: 'dpo', 'best-of-n': 'best_of_n' };

const ArgsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  token: z.string().min(1, 'an admin bearer token is needed: --token T or PREFLOOP_TOKEN'),
  config: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return {};
      try {
        const v = JSON.parse(s);
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
      } catch {}
      ctx.addIssue({ code: 'custom', message: '--config must be a JSON object' });
      return z.NEVER;
    }),
  lr: z.coerce.number().positive().optional(),
  steps: z.coerce.number().int().positive().optional(),
  seed: z.coerce.number().int().min(0).optional(),
});

export async function trainCommand(command: 'train-rm' | 'train-policy' | 'loop', argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      algo: { type: 'string' },
      config: { type: 'string' },
      lr: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean' },
      'word-prior': { type: 'boolean' },
      'no-word-prior': { type: 'boolean' },
      rounds: { type: 'string' },
      'no-follow': { type: 'boolean' },
      url: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(TRAIN_USAGE);
  const parsed = ArgsSchema.safeParse({
    url: values.url ?? (process.env.PREFLOOP_URL || undefined),
    token: values.token ?? process.env.PREFLOOP_TOKEN ?? '',
    config: values.config,
    lr: values.lr,
    steps: values.steps,
    seed: values.seed,
  });
  if (!parsed.success) throw new Error(`Invalid arguments:\n${prettifyError(parsed.error)}\n\n${TRAIN_USAGE}`);
  const { url, token, config, ...shortcuts } = parsed.data;
  let kind: Job['kind'] = 'rm';
  if (command === 'train-policy') {
    const algo = values.algo ?? '';
    if (!POLICY_ALGOS[algo]) throw new Error(`--algo must be one of: ${Object.keys(POLICY_ALGOS).join(', ')}`);
    kind = POLICY_ALGOS[algo];
  }
  const full: Record<string, unknown> = { ...config };
  if (command === 'loop' && full.policy === undefined) full.policy = {};
  const target = command === 'loop' ? (full.policy as Record<string, unknown>) : full;
  for (const [k, v] of Object.entries(shortcuts)) if (v !== undefined) target[k] = v;
  if (values.force) full.force = true;
  if (values['word-prior'] && values['no-word-prior']) throw new Error('--word-prior and --no-word-prior exclude each other');
  if (command === 'train-rm' && (values['word-prior'] || values['no-word-prior'])) full.wordPrior = Boolean(values['word-prior']);
  if (command === 'loop') {
    kind = 'loop';
    if (values.algo) full.algorithm = values.algo;
  }
  const rounds = command === 'loop' ? Number(values.rounds ?? 1) : 1;
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);

  const client = jobsClient({ url, token });
  for (let round = 1; round <= rounds; round++) {
    const job = await client.create(kind, full);
    console.log(`Job ${job.id} (${job.kind}) queued${rounds > 1 ? ` (round ${round}/${rounds})` : ''}.`);
    if (values['no-follow']) return;
    const done = await followJob(client, job.id);
    console.log(`Job ${done.id} (${done.kind}): ${done.status}${done.error ? ` — ${done.error}` : ''}`);
    if (done.result !== null) console.log(`result ${JSON.stringify(done.result)}`);
    if (done.status !== 'succeeded') {
      process.exitCode = 1;
      return;
    }
  }
}
