import { z } from 'zod';

export const ROLES = ['annotator', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserNameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only');

export const LoginRequestSchema = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const CreateUserRequestSchema = z.object({
  name: UserNameSchema,
  password: z.string().min(8).max(256),
  role: RoleSchema.default('annotator'),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .object({
    disabled: z.boolean().optional(),
    role: RoleSchema.optional(),
    password: z.string().min(8).max(256).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to update');
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

/** What the API ever says about a user: never the password hash. */
export const PublicUserSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type PublicUser = z.infer<typeof PublicUserSchema>;

export const CreateTokenRequestSchema = z.object({
  label: z.string().trim().min(1).max(100).default('script'),
});
/** One user, as login, /me and the admin user routes answer. */
export const UserReplySchema = z.object({ user: PublicUserSchema });

/** A bearer token is shown once, at creation. */
export const CreatedTokenSchema = z.object({ id: z.number().int(), label: z.string(), token: z.string() });
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;
