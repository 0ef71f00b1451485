import {
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  LoginRequestSchema,
  TokenInfoSchema,
  TokenReplySchema,
  TokensQuerySchema,
  UserReplySchema,
} from '../schemas/auth';
import { HealthSchema, IdParamSchema, OkSchema, pageSchema } from '../schemas/common';
import { route } from './route';

export const authRoutes = {
  health: route({ method: 'GET', path: '/api/health', auth: 'public', response: HealthSchema }),
  /** sets the session cookie (HttpOnly, SameSite=Lax) */
  login: route({ method: 'POST', path: '/api/auth/login', auth: 'public', body: LoginRequestSchema, response: UserReplySchema }),
  /** ends the session the cookie names, if any, and clears the cookie */
  logout: route({ method: 'POST', path: '/api/auth/logout', auth: 'public', response: OkSchema }),
  me: route({ method: 'GET', path: '/api/auth/me', auth: 'user', response: UserReplySchema }),
  /** the caller's bearer tokens, newest first; admins: `?userId=N` for one user's, `?all=true` for everyone's */
  tokens: route({ method: 'GET', path: '/api/tokens', auth: 'user', query: TokensQuerySchema, response: pageSchema(TokenInfoSchema) }),
  /** a bearer token for the caller's scripts; the secret is in this answer only */
  tokenCreate: route({ method: 'POST', path: '/api/tokens', auth: 'user', body: CreateTokenRequestSchema, response: CreatedTokenSchema, status: [201] }),
  /** the caller's own token (admins: anyone's); revoking a revoked token changes nothing */
  tokenRevoke: route({ method: 'POST', path: '/api/tokens/:id/revoke', auth: 'user', params: IdParamSchema, response: TokenReplySchema }),
};
