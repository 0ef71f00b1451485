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
  /**
   * express `trust proxy` behind a reverse proxy, so the login limiter sees the client's address: true, false,
   * a hop count, or the proxy's addresses/subnets ("loopback", "10.0.0.0/8,fc00::/7"). Default false.
   */
  PREFLOOP_TRUST_PROXY: z
    .string()
    .transform((v): boolean | number | string => (/^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : /^\d+$/.test(v) ? Number(v) : v))
    .default(false),
  /** a session ends this many hours after login [168 = 7 days] … */
  PREFLOOP_SESSION_HOURS: z.coerce.number().positive().max(24 * 366).default(168),
  /** … or this many hours after its last request [24] */
  PREFLOOP_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 366).default(24),
  /** scrypt's N for new password hashes [2^17]; lowered by tests only (read by server/auth/password.ts) */
  PREFLOOP_SCRYPT_N: z.coerce.number().int().min(1024).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two').optional(),
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
