import type { Role } from './policies.ts';

/** The signed-in staff member a request acts for. */
export interface Principal {
  userId: string;
  municipalityId: string;
  username: string;
  displayName: string;
  roles: Role[];
  sessionId: string;
  /** Must accompany every state-changing request as X-CSRF-Token. */
  csrfToken: string;
}

/** Someone acting outside a web request: the CLI or a scheduled job. */
export interface SystemActor {
  kind: 'system';
  name: string;
  municipalityId: string;
}

export type Actor = Principal | SystemActor;

export function actorName(actor: Actor): string {
  return 'kind' in actor ? actor.name : actor.username;
}
