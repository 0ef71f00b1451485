import { z } from 'zod';
import { pageSchema } from './common';

/** A policy version as admins see it (not its checkpoint path on the server's disk). */
export const PolicyViewSchema = z.object({
  id: z.number().int(),
  version: z.number().int(),
  parentId: z.number().int().nullable(),
  kind: z.enum(['builtin', 'gpt2', 'external']),
  algorithm: z.string().nullable(), // how it was trained (config.algorithm): ppo, trpo, dpo, best_of_n, rloo; null for the starter
  config: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  active: z.boolean(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

/** GET /api/admin/policies (newest first) */
export const PolicyPageSchema = pageSchema(PolicyViewSchema);

/** POST /api/admin/policies/:id/activate and POST /api/admin/policies/roll-back */
export const ActivatePolicyResponseSchema = z.object({ active: PolicyViewSchema, previous: z.number().int().nullable() });
