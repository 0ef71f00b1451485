import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Everything the server reads from the environment, checked once at start-up. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PREFLOOP_DB: z.string().min(1).default('./data/prefloop.db'),
  /** the first admin's password; generated and printed once when unset */
  PREFLOOP_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
  /** initial lease length (admins can change it later in settings) */
  PREFLOOP_LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).optional(),
  /** tfjs backend override (tensorflow | wasm | cpu); default: the first that loads */
  PREFLOOP_TF_BACKEND: z.string().min(1).optional(),
  /** seed the demo data set into an empty database (default on) */
  PREFLOOP_DEMO: flag.default(true),
});
export type Env = z.infer<typeof EnvSchema>;

/** Unset and empty variables both mean "use the default". Throws one readable message listing every problem. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment:\n${problems.join('\n')}`);
}

export function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
