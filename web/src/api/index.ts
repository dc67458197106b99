import { createApiClient, type ApiError } from './client.ts';

type SessionLostListener = (error: ApiError) => void;
const sessionLostListeners = new Set<SessionLostListener>();

/** The app's one API client; the session layer learns through onSessionLost when the server forgets the user. */
export const api = createApiClient({
  onUnauthenticated: (error) => sessionLostListeners.forEach((listener) => listener(error)),
});

export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}
