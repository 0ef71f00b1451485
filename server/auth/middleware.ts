import type { RequestHandler } from 'express';
import type { Auth } from '../../shared/contract';
import type { PublicUser, Role } from '../../shared/schemas/auth';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { identify } from './identify';
import { authSettingsOf } from './settings';

declare global {
  namespace Express {
    interface Request {
      /** set by `authenticate` when the request carries a valid session cookie or bearer token */
      user?: PublicUser;
    }
  }
}

/** Resolves the caller (if any) for every /api request; routes then ask for what they need. */
export function authenticate(ctx: AppContext): RequestHandler {
  return (req, _res, next) => {
    const credentials = { cookie: req.headers.cookie, bearer: req.headers.authorization };
    req.user = identify(ctx.store, credentials, isoAt(ctx.clock()), authSettingsOf(ctx));
    next();
  };
}

export const requireUser: RequestHandler = (req, _res, next) => {
  if (!req.user) throw new HttpError(401, 'unauthorized', 'Log in first');
  next();
};

/** The one role check. Admin routes are all mounted under one router guarded by requireRole('admin'). */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw new HttpError(401, 'unauthorized', 'Log in first');
    if (req.user.role !== role) throw new HttpError(403, 'forbidden', `This needs the ${role} role`);
    next();
  };
}

/**
 * For routes that accept large bodies: refuses a caller the route does not admit before the body is read.
 * The answer closes the connection, so the rest of an unwanted upload is not even read and discarded.
 */
export function admitBeforeBody(auth: Auth): RequestHandler {
  const guard = auth === 'admin' ? requireRole('admin') : auth === 'user' ? requireUser : undefined;
  return (req, res, next) => {
    if (!guard) return next();
    try {
      guard(req, res, next);
    } catch (err) {
      res.set('Connection', 'close');
      throw err;
    }
  };
}

/** The authenticated caller; only for handlers behind requireUser / requireRole. */
export function userOf(req: { user?: PublicUser }): PublicUser {
  if (!req.user) throw new HttpError(401, 'unauthorized', 'Log in first');
  return req.user;
}
