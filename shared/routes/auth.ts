import { LoginRequestSchema, UserReplySchema } from '../schemas/auth';
import { HealthSchema, OkSchema } from '../schemas/common';
import { route } from './route';

export const authRoutes = {
  health: route({ method: 'GET', path: '/api/health', auth: 'public', response: HealthSchema }),
  /** sets the session cookie (HttpOnly, SameSite=Lax) */
  login: route({ method: 'POST', path: '/api/auth/login', auth: 'public', body: LoginRequestSchema, response: UserReplySchema }),
  /** ends the session the cookie names, if any, and clears the cookie */
  logout: route({ method: 'POST', path: '/api/auth/logout', auth: 'public', response: OkSchema }),
  me: route({ method: 'GET', path: '/api/auth/me', auth: 'user', response: UserReplySchema }),
};
