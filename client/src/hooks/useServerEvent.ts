import { useEffect, useRef } from 'react';
import type { ServerToClientEvents } from '../../../shared/events';
import { type ServerEventName, subscribe } from '../api/socket';

/** Run `handler` on each `event` from the server while the component is mounted (latest handler wins). */
export function useServerEvent<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const forward = ((...args: unknown[]) =>
      (latest.current as (...a: unknown[]) => void)(...args)) as ServerToClientEvents[E];
    return subscribe(event, forward);
  }, [event]);
}
