export const ADMIN_PREFIX = '/api/admin';

/** API.admin paths are absolute (shared with the client); routes in the admin router are relative to it. */
export const adminPath = (path: string): string => path.slice(ADMIN_PREFIX.length);
