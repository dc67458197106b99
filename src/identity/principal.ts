import { can, type Permission, type Role } from './policies.ts';

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

/** System actors (CLI on the server, jobs) act with the operator's full authority; staff by their roles. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  return 'kind' in actor ? true : can(actor.roles, permission);
}
