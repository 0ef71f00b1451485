/** `prefloop jobs list|show ID|cancel ID`: the job system of a running server, through its admin API. */
import { parseArgs } from 'node:util';
import { prettifyError, z } from 'zod';
import { type Job, type JobDetail, JobKindSchema, JobStatusSchema } from '../../shared/schemas/jobs';
import { followJob, jobsClient } from '../jobs/remote';

export const JOBS_USAGE = `Usage: prefloop jobs <list|show ID|cancel ID|rerun ID> [options]

  list [--status S] [--kind K] [--limit N]   newest first
  show ID [--follow] [--json]                a job, its latest metrics and result; --follow waits for its end
  cancel ID                                  cancel a queued or running job
  rerun ID [--follow]                        queue the same kind and config again

  --url URL      the server [env PREFLOOP_URL, http://127.0.0.1:3000]
  --token T      an admin bearer token (POST /api/admin/tokens) [env PREFLOOP_TOKEN]`;

const ArgsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  token: z.string().min(1, 'an admin bearer token is needed: --token T or PREFLOOP_TOKEN'),
  status: JobStatusSchema.optional(),
  kind: JobKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});
const IdSchema = z.coerce.number().int().positive();

const percent = (job: Job) => `${Math.round(job.progress * 100)}%`;

function line(job: Job): string {
  const note = job.error ?? job.message ?? '';
  return [String(job.id).padStart(5), job.kind.padEnd(13), job.status.padEnd(11), percent(job).padStart(4), job.createdAt, note].join('  ');
}

function describe(job: JobDetail): string {
  const lines = [
    `Job ${job.id} (${job.kind}): ${job.status}, ${percent(job)}${job.message ? ` — ${job.message}` : ''}`,
    `  created ${job.createdAt}${job.startedAt ? `, started ${job.startedAt}` : ''}${job.finishedAt ? `, ended ${job.finishedAt}` : ''}`,
  ];
  if (job.parentJobId !== null) lines.push(`  reruns job ${job.parentJobId}`);
  lines.push(`  config ${JSON.stringify(job.config)}`);
  if (Object.keys(job.metrics).length > 0) lines.push(`  latest metrics ${JSON.stringify(job.metrics)}`);
  const curves = Object.entries(job.series).map(([name, points]) => `${name} (${points.length})`);
  if (curves.length > 0) lines.push(`  curves ${curves.join(', ')}`);
  if (job.error) lines.push(`  error: ${job.error}`);
  if (job.result !== null) lines.push(`  result ${JSON.stringify(job.result)}`);
  return lines.join('\n');
}

export async function jobsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      status: { type: 'string' },
      kind: { type: 'string' },
      limit: { type: 'string' },
      follow: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, id] = positionals;
  if (values.help || !action) return console.log(JOBS_USAGE);
  const parsed = ArgsSchema.safeParse({
    url: values.url ?? (process.env.PREFLOOP_URL || undefined),
    token: values.token ?? process.env.PREFLOOP_TOKEN ?? '',
    status: values.status,
    kind: values.kind,
    limit: values.limit,
  });
  if (!parsed.success) throw new Error(`Invalid arguments:\n${prettifyError(parsed.error)}\n\n${JOBS_USAGE}`);
  const args = parsed.data;
  const client = jobsClient({ url: args.url, token: args.token });
  const jobId = () => {
    const n = IdSchema.safeParse(id);
    if (!n.success) throw new Error(`jobs ${action} needs a job id\n\n${JOBS_USAGE}`);
    return n.data;
  };
  const show = async (n: number) => {
    const job = values.follow ? await followJob(client, n) : await client.get(n);
    console.log(values.json ? JSON.stringify(job, null, 2) : describe(job));
    if (values.follow && job.status !== 'succeeded') process.exitCode = 1;
  };

  if (action === 'list') {
    const page = await client.list({ status: args.status, kind: args.kind, limit: args.limit });
    if (page.items.length === 0) return console.log('No jobs.');
    for (const job of page.items) console.log(line(job));
    if (page.total > page.items.length) console.log(`(${page.items.length} of ${page.total}; --limit N for more)`);
  } else if (action === 'show') {
    await show(jobId());
  } else if (action === 'cancel') {
    const job = await client.cancel(jobId());
    console.log(`Job ${job.id} (${job.kind}): ${job.status}`);
  } else if (action === 'rerun') {
    const job = await client.rerun(jobId());
    console.log(`Job ${job.id} (${job.kind}) queued, rerunning job ${job.parentJobId}`);
    if (values.follow) await show(job.id);
  } else {
    throw new Error(JOBS_USAGE);
  }
}
