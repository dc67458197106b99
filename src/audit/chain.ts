import { createHash } from 'node:crypto';

/** The fields of an access-log entry that the hash covers. */
export interface ChainedFields {
  municipalityId: string;
  seq: number;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  action: string;
  dataCategories: string[];
  personIds: string[];
  hitCount: number;
  purpose: string | null;
  details: Record<string, unknown>;
}

/** The chain of a municipality starts from this value, so chains cannot be swapped between tenants. */
export function genesisHash(municipalityId: string): string {
  return sha256(`buergerkoffer-audit-genesis:${municipalityId}`);
}

export function entryHash(prevHash: string, fields: ChainedFields): string {
  return sha256(`${prevHash}\n${canonicalJson(fields)}`);
}

/** JSON with object keys sorted at every level: the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
