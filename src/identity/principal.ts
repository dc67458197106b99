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
  /**
   * What this actor may do, when narrower than the operator's full authority: the public web
   * form acts for anonymous citizens and must not pass a check meant for staff.
   */
  permissions?: readonly Permission[];
}

export type Actor = Principal | SystemActor;

export function actorName(actor: Actor): string {
  return 'kind' in actor ? actor.name : actor.username;
}

/** System actors (CLI on the server, jobs) act with the operator's full authority unless narrowed; staff by their roles. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  if ('kind' in actor) return actor.permissions ? actor.permissions.includes(permission) : true;
  return can(actor.roles, permission);
}
