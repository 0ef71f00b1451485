import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import { clearedSessionCookie, parseCookies, SESSION_COOKIE, sessionCookie } from '../../auth/cookies';
import { login, logout } from '../../auth/login';
import { authSettingsOf } from '../../auth/settings';
import type { AppContext } from '../../context';
import { bind } from '../contract';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();

  bind(router, ROUTES.login, async ({ body: { name, password }, req, res }) => {
    const { user, token } = await login(ctx, name, password, req.ip ?? req.socket.remoteAddress ?? '');
    res.set('Set-Cookie', sessionCookie(token, req.secure, authSettingsOf(ctx).sessionTtlS));
    return { user };
  });

  bind(router, ROUTES.logout, ({ req, res }) => {
    const session = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    logout(ctx, session);
    if (session) ctx.live.sessionEnded(session); // the sockets this session opened end too
    res.set('Set-Cookie', clearedSessionCookie());
    return { ok: true } as const;
  });

  bind(router, ROUTES.me, ({ user }) => ({ user }));

  return router;
}
