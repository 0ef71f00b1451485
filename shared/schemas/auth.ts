import { z } from 'zod';
import { PageQuerySchema } from './common';

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
    /** with a role change, password reset or disabling: end the user's sessions and revoke their tokens (default true) */
    endSessions: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).some((key) => key !== 'endSessions'), 'nothing to update');
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
  /** the token stops working this many days after creation (default: never) */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenRequest = z.infer<typeof CreateTokenRequestSchema>;
/** One user, as login, /me and the admin user routes answer. */
export const UserReplySchema = z.object({ user: PublicUserSchema });

/** A bearer token is shown once, at creation. */
export const CreatedTokenSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  token: z.string(),
  expiresAt: z.string().nullable().optional(),
});
export type CreatedToken = z.infer<typeof CreatedTokenSchema>;

/** A token as lists show it: never its secret. */
export const TokenInfoSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  userName: z.string(),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

/** Everyone lists their own tokens; admins also anyone's (`userId`) or everyone's (`all=true`). */
export const TokensQuerySchema = PageQuerySchema.extend({
  userId: z.coerce.number().int().positive().optional(),
  all: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').optional(),
});
export type TokensQuery = z.infer<typeof TokensQuerySchema>;

export const TokenReplySchema = z.object({ token: TokenInfoSchema });
