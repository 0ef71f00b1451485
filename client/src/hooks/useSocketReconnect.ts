import { useEffect, useRef } from 'react';
import { onSocketConnect } from '../api/socket';

/** Run `handler` whenever the socket (re)connects, e.g. to refetch state missed while disconnected. */
export function useSocketReconnect(handler: () => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => onSocketConnect(() => latest.current()), []);
}
