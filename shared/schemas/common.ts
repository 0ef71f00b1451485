import { z } from 'zod';

/** The one error shape every HTTP route and socket ack uses. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const IdParamSchema = z.object({ id: z.coerce.number().int().positive() });

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A page of `item`s, as every list route answers. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

/** The answer of a route that only confirms. */
export const OkSchema = z.object({ ok: z.literal(true) });

export const HealthSchema = z.object({
  ok: z.boolean(),
  version: z.string(),
  tfBackend: z.string().optional(),
});
export type Health = z.infer<typeof HealthSchema>;
