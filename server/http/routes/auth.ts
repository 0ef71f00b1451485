import { Router } from 'express';
import { API } from '../../../shared/api';
import { LoginRequestSchema } from '../../../shared/schemas/auth';
import { clearedSessionCookie, parseCookies, SESSION_COOKIE, sessionCookie } from '../../auth/cookies';
import { login, logout } from '../../auth/login';
import { requireUser, userOf } from '../../auth/middleware';
import type { AppContext } from '../../context';
import { parse } from '../validate';

export function authRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(API.login, async (req, res) => {
    const { name, password } = parse(LoginRequestSchema, req.body);
    const { user, token } = await login(ctx, name, password, req.ip ?? req.socket.remoteAddress ?? '');
    res.set('Set-Cookie', sessionCookie(token, req.secure)).json({ user });
  });

  router.post(API.logout, (req, res) => {
    logout(ctx, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    res.set('Set-Cookie', clearedSessionCookie()).json({ ok: true });
  });

  router.get(API.me, requireUser, (req, res) => {
    res.json({ user: userOf(req) });
  });

  return router;
}
