import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe: session cookies and bearer tokens. */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

/** Secrets are stored only as their sha256: a leaked database holds no usable session or token. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A readable generated password (for the first admin and CLI-created users). */
export const newPassword = (): string => randomBytes(12).toString('base64url');
