import type { ModelActivated } from '../shared/events';

/**
 * What the rest of the server tells the live layer (socket.io) after a change. Calls are cheap: the
 * implementation (socket/live.ts) only marks what is dirty and pushes coalesced updates a moment later.
 */
export interface LiveUpdates {
  /** labels, leases or comparisons changed; `userIds` are the users whose own progress changed */
  changed(userIds?: number[]): void;
  /** pairs became available: new comparisons, or pairs back from an expired lease or a skip (counts as a change) */
  pairsAdded(count: number): void;
  /** a user was disabled or changed role: their open sockets must reconnect (or fail to) */
  accessChanged(userId: number): void;
  /** a session was logged out (its secret token): the sockets opened with it end */
  sessionEnded(sessionToken: string): void;
  /** a policy or reward-model version became the active one: admins' pages refresh */
  modelActivated(model: ModelActivated): void;
}

export const noLiveUpdates: LiveUpdates = {
  changed() {},
  pairsAdded() {},
  accessChanged() {},
  sessionEnded() {},
  modelActivated() {},
};
