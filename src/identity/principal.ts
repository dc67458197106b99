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
  /**
   * Persons this staff member serves on a confirmed home visit right now (on the kit: the persons
   * of its tour packages; at ingestion: of the kit's tour that day). The visit is their
   * legitimation: the case data of such a person shows even under an Auskunftssperre or a
   * bedingter Sperrvermerk (typical for care-home residents), and the access log says so.
   */
  visitSubjects?: ReadonlySet<string>;
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

/**
 * May the actor see the case data of a person under a disclosure block (§§ 51, 52 BMG)? With
 * register.read_blocked, or when the person is one the actor serves on a confirmed visit.
 */
export function mayReadBlockedPerson(actor: Actor, personId: string): boolean {
  if (actorCan(actor, 'register.read_blocked')) return true;
  return !('kind' in actor) && (actor.visitSubjects?.has(personId.toLowerCase()) ?? false);
}

/** System actors (CLI on the server, jobs) act with the operator's full authority unless narrowed; staff by their roles. */
export function actorCan(actor: Actor, permission: Permission): boolean {
  if ('kind' in actor) return actor.permissions ? actor.permissions.includes(permission) : true;
  return can(actor.roles, permission);
}
