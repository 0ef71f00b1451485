import { useCallback, useEffect, useState } from 'react';
import type { PublicUser } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { ApiRequestError, onUnauthorized } from '../api/http';
import { queryClient } from '../api/queryClient';
import { connectSocket, disconnectSocket } from '../api/socket';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out';

/** Who is logged in. The cookie is HttpOnly, so the truth is GET /api/auth/me. */
export function useSession() {
  const [user, setUser] = useState<PublicUser | null>(null);
  const [status, setStatus] = useState<SessionStatus>('checking');

  const signedIn = useCallback((next: PublicUser) => {
    setUser(next);
    setStatus('signed-in');
    connectSocket();
  }, []);

  const signedOut = useCallback(() => {
    disconnectSocket();
    queryClient.clear(); // the next user must not see this one's cached admin data
    setUser(null);
    setStatus('signed-out');
  }, []);

  useEffect(() => {
    api
      .me()
      .then(({ user: me }) => signedIn(me))
      .catch(() => signedOut());
    onUnauthorized(signedOut);
    return () => onUnauthorized(null);
  }, [signedIn, signedOut]);

  const login = useCallback(
    async (name: string, password: string) => {
      const { user: me } = await api.login(name, password);
      signedIn(me);
      return me;
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    await api.logout().catch((error) => {
      if (!(error instanceof ApiRequestError)) throw error;
    });
    signedOut();
  }, [signedOut]);

  return { user, status, login, logout };
}
