import { createHash, randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { recordAccess } from '../../audit/record-access.ts';
import type { Actor } from '../../identity/principal.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { parsePartialDate } from '../dates.ts';
import { registerDataCategories } from '../persons/data-categories.ts';
import type { PersonRecord } from '../record.ts';
import {
  addresses, idDocuments, personBlocks, personNameTokens, personRelations, persons, residences,
} from '../schema.ts';
import { personNameTokenRows, searchNameOf, updateNameLexicon, type PersonNameTokenRow } from '../search/name-index.ts';
import { textArray } from '../search/sql-arrays.ts';
import type { RecordIssue } from '../validate-record.ts';
import { addressKey } from './address-key.ts';

export interface WriteResult {
  created: number;
  updated: number;
  unchanged: number;
}

export interface RefusedRecord {
  ref: string;
  issues: RecordIssue[];
  /** Relation refs that named nobody in the batch or the register; a later batch may bring them. */
  unresolvedRefs: string[];
}

/** Some records of a batch cannot be written as they are; nothing of the batch was written. */
export class RecordsRefusedError extends AppError {
  readonly refused: RefusedRecord[];
  constructor(refused: RefusedRecord[]) {
    const first = refused[0];
    super(
      'RECORDS_REFUSED',
      `${refused.length} record(s) cannot be written, so nothing of this batch was written` +
        (first ? `; first: ref "${first.ref}": ${first.issues.map((i) => i.message).join(' ')}` : '.'),
      422,
      { refused },
    );
    this.refused = refused;
  }
}

/** Rows per INSERT statement: big enough to amortise the round trip, below PostgreSQL's 65535 parameters. */
const rowsPerStatement = 1000;

/**
 * Writes person records (the exchange format) into the register of one municipality, in one
 * transaction with one access-log entry. Idempotent by `ref`: a record whose content hash is
 * unchanged costs no write at all; a changed one updates the person and adds what is new, but
 * never deletes or rewrites history (residences, documents, blocks, relations). Callers validate
 * the records first (validatePersonRecord); this function refuses what only the database can
 * tell: relation refs that name nobody, document numbers that belong to another person.
 */
export async function writePersonRecords(
  ctx: AppContext,
  actor: Actor,
  municipalityId: string,
  records: PersonRecord[],
  options: { purpose?: string } = {},
): Promise<WriteResult> {
  if (actor.municipalityId !== municipalityId) {
    throw forbidden('You can only write to the register of your own municipality.');
  }
  if (records.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const duplicates = duplicateRefs(records);
  if (duplicates.length > 0) throw new RecordsRefusedError(duplicates);
  const started = performance.now();
  const result = await ctx.database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const plan = await planBatch(tx, municipalityId, records);
    if (plan.refused.length > 0) throw new RecordsRefusedError(plan.refused);
    const addressIds = await upsertAddresses(tx, municipalityId, plan.writes.map((w) => w.record));
    await insertPersons(tx, municipalityId, plan.writes.filter((w) => w.isNew));
    await updatePersons(tx, plan.writes.filter((w) => !w.isNew));
    await writeHistory(tx, municipalityId, plan, addressIds);
    await writeNameIndex(tx, municipalityId, plan.writes);
    const counts = {
      created: plan.writes.filter((w) => w.isNew).length,
      updated: plan.writes.filter((w) => !w.isNew).length,
      unchanged: plan.unchangedIds.length,
    };
    await recordAccess(tx, {
      municipalityId,
      actor,
      action: 'register.import',
      dataCategories: [...registerDataCategories],
      personIds: [...plan.writes.map((w) => w.personId), ...plan.unchangedIds],
      purpose: options.purpose ?? null,
      details: counts,
    }, ctx.now());
    return counts;
  }).catch((error: unknown) => {
    throw asWriteError(error, ctx, municipalityId, records.length);
  });
  ctx.logger.info({ municipalityId, ...result, ms: Math.round(performance.now() - started) }, 'register records written');
  await refreshStatisticsWhenGrown(ctx, result.created);
  return result;
}

const registerTables = 'person, address, residence, id_document, person_block, person_relation, person_name_token, name_lexicon';
const growth = new WeakMap<Database, { written: number; analyzeAt: number }>();

/**
 * A bulk load changes the tables faster than the planner's statistics follow (PGlite has no
 * autovacuum at all): without them the lookups of a batch by ref pick a scan over the whole
 * municipality, and a 400,000-person load turns quadratic. So the statistics are refreshed each
 * time this process has doubled the number of persons it wrote: a handful of ANALYZEs per load.
 */
async function refreshStatisticsWhenGrown(ctx: AppContext, created: number): Promise<void> {
  const state = growth.get(ctx.database) ?? { written: 0, analyzeAt: 5_000 };
  state.written += created;
  growth.set(ctx.database, state);
  if (state.written < state.analyzeAt) return;
  state.analyzeAt = state.written * 2;
  await ctx.database.db.execute(sql.raw(`ANALYZE ${registerTables}`));
}

/**
 * Database errors come wrapped with the failed statement and its parameters, i.e. personal data:
 * they must not reach the logs. The caller gets the database's own reason; the log gets its code.
 */
function asWriteError(error: unknown, ctx: AppContext, municipalityId: string, count: number): unknown {
  if (error instanceof AppError) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | null)?.code;
  ctx.logger.error({ municipalityId, records: count, code: typeof code === 'string' ? code : undefined }, 'register records could not be written');
  return new AppError(
    'REGISTER_WRITE_FAILED',
    `The register could not store the batch of ${count} record(s) (${reason}); nothing of it was written.`,
    500,
    { reason },
  );
}

/** SHA-256 of the canonical record: sorted keys, no null or empty fields, so equal content hashes equal. */
export function recordContentHash(record: PersonRecord): string {
  return createHash('sha256').update(canonicalRecordJson(record)).digest('hex');
}

/**
 * JSON with sorted keys that leaves out null, undefined and empty-array fields, in one pass (the
 * hash of every record of a bulk load is computed, so this is on the hot path). "birthName": null,
 * a missing birthName and "blocks": [] therefore hash the same as their absence.
 */
export function canonicalRecordJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalRecordJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const field = object[key];
    if (field === null || field === undefined || (Array.isArray(field) && field.length === 0)) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalRecordJson(field)}`);
  }
  return `{${parts.join(',')}}`;
}

// --- planning --------------------------------------------------------------------------------

interface PlannedWrite {
  record: PersonRecord;
  personId: string;
  isNew: boolean;
  hash: string;
}

interface BatchPlan {
  writes: PlannedWrite[];
  unchangedIds: string[];
  refused: RefusedRecord[];
  /** ref → person id, for every ref a relation of the batch names. */
  refIds: Map<string, string>;
}

function duplicateRefs(records: PersonRecord[]): RefusedRecord[] {
  const seen = new Set<string>();
  const refused: RefusedRecord[] = [];
  for (const record of records) {
    if (seen.has(record.ref)) {
      refused.push({ ref: record.ref, unresolvedRefs: [], issues: [{ path: 'ref', message: `ref: "${record.ref}" appears more than once in the batch; each person may appear once.` }] });
    }
    seen.add(record.ref);
  }
  return refused;
}

async function planBatch(tx: Db, municipalityId: string, records: PersonRecord[]): Promise<BatchPlan> {
  const existing = new Map<string, { id: string; contentHash: string | null }>();
  for (const part of chunk(records.map((r) => r.ref), 10_000)) {
    const rows = await tx.select({ id: persons.id, ref: persons.sourceKey, contentHash: persons.contentHash })
      .from(persons)
      .where(and(eq(persons.municipalityId, municipalityId), anyText(persons.sourceKey, part)));
    for (const row of rows) if (row.ref) existing.set(row.ref, { id: row.id, contentHash: row.contentHash });
  }
  const writes: PlannedWrite[] = [];
  const unchangedIds: string[] = [];
  for (const record of records) {
    const hash = recordContentHash(record);
    const known = existing.get(record.ref);
    if (known && known.contentHash === hash) unchangedIds.push(known.id);
    else writes.push({ record, hash, personId: known?.id ?? randomUUID(), isNew: !known });
  }

  const refIds = new Map<string, string>();
  for (const write of writes) refIds.set(write.record.ref, write.personId);
  for (const [ref, row] of existing) refIds.set(ref, row.id);
  const wanted = [...new Set(writes.flatMap((w) => w.record.relations.flatMap((r) => (r.ref ? [r.ref] : []))))].filter((ref) => !refIds.has(ref));
  for (const part of chunk(wanted, 10_000)) {
    const rows = await tx.select({ id: persons.id, ref: persons.sourceKey }).from(persons)
      .where(and(eq(persons.municipalityId, municipalityId), anyText(persons.sourceKey, part)));
    for (const row of rows) if (row.ref) refIds.set(row.ref, row.id);
  }

  const refusedByRef = new Map<string, RefusedRecord>();
  const refuse = (ref: string, issue: RecordIssue, unresolvedRef?: string) => {
    const entry = refusedByRef.get(ref) ?? { ref, issues: [], unresolvedRefs: [] };
    entry.issues.push(issue);
    if (unresolvedRef) entry.unresolvedRefs.push(unresolvedRef);
    refusedByRef.set(ref, entry);
  };
  for (const write of writes) {
    write.record.relations.forEach((relation, i) => {
      if (relation.ref && !refIds.has(relation.ref)) {
        refuse(write.record.ref, {
          path: `relations[${i}].ref`,
          message: `relations[${i}].ref: no person with ref "${relation.ref}" in this import or in the register; import that person too, or give externalName instead.`,
        }, relation.ref);
      }
    });
  }
  await checkDocumentOwners(tx, municipalityId, writes, refuse);
  return { writes, unchangedIds, refused: [...refusedByRef.values()], refIds };
}

/** A document number is unique per kind in the register; two persons cannot hold the same document. */
async function checkDocumentOwners(
  tx: Db,
  municipalityId: string,
  writes: PlannedWrite[],
  refuse: (ref: string, issue: RecordIssue) => void,
): Promise<void> {
  const owners = new Map<string, { personId: string; ref: string }>();
  writes.forEach((write) => write.record.documents.forEach((document, i) => {
    const key = `${document.kind}#${document.serialNumber}`;
    const owner = owners.get(key);
    if (owner && owner.personId !== write.personId) {
      refuse(write.record.ref, { path: `documents[${i}].serialNumber`, message: `documents[${i}].serialNumber: ${document.serialNumber} is also the document of ref "${owner.ref}" in this import; check which person holds it.` });
    } else {
      owners.set(key, { personId: write.personId, ref: write.record.ref });
    }
  }));
  const serials = [...new Set(writes.flatMap((w) => w.record.documents.map((d) => d.serialNumber)))];
  const kinds = [...new Set(writes.flatMap((w) => w.record.documents.map((d) => d.kind)))];
  for (const part of chunk(serials, 10_000)) {
    // The kinds too, so that the unique index (municipality, kind, serial) serves the lookup.
    const rows = await tx.select({ personId: idDocuments.personId, kind: idDocuments.kind, serialNumber: idDocuments.serialNumber, ref: persons.sourceKey })
      .from(idDocuments).innerJoin(persons, eq(persons.id, idDocuments.personId))
      .where(and(eq(idDocuments.municipalityId, municipalityId), anyText(idDocuments.kind, kinds), anyText(idDocuments.serialNumber, part)));
    const stored = new Map(rows.map((row) => [`${row.kind}#${row.serialNumber}`, row]));
    for (const write of writes) {
      write.record.documents.forEach((document, i) => {
        const row = stored.get(`${document.kind}#${document.serialNumber}`);
        if (row && row.personId !== write.personId) {
          refuse(write.record.ref, {
            path: `documents[${i}].serialNumber`,
            message: `documents[${i}].serialNumber: ${document.serialNumber} is registered as the document of another person${row.ref ? ` (ref "${row.ref}")` : ''}; check the number.`,
          });
        }
      });
    }
  }
}

// --- writing ---------------------------------------------------------------------------------

async function upsertAddresses(tx: Db, municipalityId: string, records: PersonRecord[]): Promise<Map<string, string>> {
  const byKey = new Map<string, PersonRecord['residences'][number]['address']>();
  for (const record of records) for (const residence of record.residences) {
    const key = addressKey(residence.address);
    if (!byKey.has(key)) byKey.set(key, residence.address);
  }
  const ids = new Map<string, string>();
  const lookUp = async (keys: string[]) => {
    for (const part of chunk(keys, 10_000)) {
      const rows = await tx.select({ id: addresses.id, key: addresses.addressKey }).from(addresses)
        .where(and(eq(addresses.municipalityId, municipalityId), anyText(addresses.addressKey, part)));
      for (const row of rows) ids.set(row.key, row.id);
    }
  };
  await lookUp([...byKey.keys()]);
  const missing = [...byKey].filter(([key]) => !ids.has(key));
  for (const part of chunk(missing, rowsPerStatement)) {
    const rows = part.map(([key, address]) => ({
      id: randomUUID(), municipality_id: municipalityId, street: address.street, house_number: address.houseNumber,
      addition: address.addition ?? null, postcode: address.postcode, city: address.city, ags: address.ags,
      latitude: address.latitude ?? null, longitude: address.longitude ?? null, address_key: key,
    }));
    const result = (await tx.execute(sql`INSERT INTO address (${columnList(addressColumnTypes)})
      SELECT ${columnList(addressColumnTypes)} FROM ${recordset(rows, addressColumnTypes)}
      ON CONFLICT (municipality_id, address_key) DO NOTHING
      RETURNING id, address_key`)) as unknown as { rows: { id: string; address_key: string }[] };
    for (const row of result.rows) ids.set(row.address_key, row.id);
  }
  // Another writer may have inserted some of them meanwhile; their rows are the ones to use.
  const stillMissing = missing.map(([key]) => key).filter((key) => !ids.has(key));
  if (stillMissing.length > 0) await lookUp(stillMissing);
  return ids;
}

function personColumns(record: PersonRecord, hash: string) {
  const birth = record.birthDate ? parsePartialDate(record.birthDate) : null;
  return {
    familyName: record.familyName,
    birthName: record.birthName ?? null,
    givenNames: record.givenNames,
    preferredGivenName: record.preferredGivenName ?? null,
    formerNames: record.formerNames,
    doctoralDegree: record.doctoralDegree ?? null,
    religiousName: record.religiousName ?? null,
    artistName: record.artistName ?? null,
    birthYear: birth?.year ?? null,
    birthMonth: birth?.month ?? null,
    birthDay: birth?.day ?? null,
    birthPlace: record.birthPlace ?? null,
    birthCountry: record.birthCountry ?? null,
    sex: record.sex,
    nationalities: record.nationalities,
    religion: record.religion ?? null,
    maritalStatus: record.maritalStatus,
    dateOfDeath: record.dateOfDeath ?? null,
    searchName: searchNameOf(record),
    contentHash: hash,
  };
}

async function insertPersons(tx: Db, municipalityId: string, writes: PlannedWrite[]): Promise<void> {
  await insertRows(tx, 'person', personColumnTypes, writes.map((w) => ({
    id: w.personId,
    municipality_id: municipalityId,
    source_key: w.record.ref,
    ...personRowJson(w.record, w.hash),
  })));
}

const personColumnTypes = [
  ['id', 'uuid'], ['municipality_id', 'uuid'], ['source_key', 'text'], ['family_name', 'text'], ['birth_name', 'text'],
  ['given_names', 'text[]'], ['preferred_given_name', 'smallint'], ['former_names', 'jsonb'], ['doctoral_degree', 'text'],
  ['religious_name', 'text'], ['artist_name', 'text'], ['birth_year', 'smallint'], ['birth_month', 'smallint'],
  ['birth_day', 'smallint'], ['birth_place', 'text'], ['birth_country', 'text'], ['sex', 'text'], ['nationalities', 'text[]'],
  ['religion', 'text'], ['marital_status', 'text'], ['date_of_death', 'date'], ['search_name', 'text'], ['content_hash', 'text'],
] as const satisfies ColumnTypes;

/** The person's own fields as a row of the person table (column names as keys). */
function personRowJson(record: PersonRecord, hash: string): Record<string, unknown> {
  const c = personColumns(record, hash);
  return {
    family_name: c.familyName, birth_name: c.birthName, given_names: c.givenNames, preferred_given_name: c.preferredGivenName,
    former_names: c.formerNames, doctoral_degree: c.doctoralDegree, religious_name: c.religiousName, artist_name: c.artistName,
    birth_year: c.birthYear, birth_month: c.birthMonth, birth_day: c.birthDay, birth_place: c.birthPlace,
    birth_country: c.birthCountry, sex: c.sex, nationalities: c.nationalities, religion: c.religion,
    marital_status: c.maritalStatus, date_of_death: c.dateOfDeath, search_name: c.searchName, content_hash: c.contentHash,
  };
}

/** One statement per chunk: the new field values travel as one JSON document. */
async function updatePersons(tx: Db, writes: PlannedWrite[]): Promise<void> {
  const updatable = personColumnTypes.filter(([name]) => name !== 'id' && name !== 'municipality_id' && name !== 'source_key');
  const assignments = sql.raw([...updatable.map(([name]) => `${name} = x.${name}`), 'updated_at = now()'].join(', '));
  for (const part of chunk(writes, rowsPerStatement)) {
    const rows = part.map((w) => ({ id: w.personId, ...personRowJson(w.record, w.hash) }));
    await tx.execute(sql`UPDATE person p SET ${assignments}
      FROM ${recordset(rows, personColumnTypes)} WHERE p.id = x.id`);
  }
}

/**
 * Residences, documents, blocks and relations. New persons get all of theirs; updated persons
 * get what is new, and open ends filled in (a move-out date, the end of a block), never more.
 */
async function writeHistory(tx: Db, municipalityId: string, plan: BatchPlan, addressIds: Map<string, string>): Promise<void> {
  const updatedIds = plan.writes.filter((w) => !w.isNew).map((w) => w.personId);
  const stored = await loadHistory(tx, updatedIds);

  const residenceRows: Record<string, unknown>[] = [];
  const residenceFills: { id: string; moved_out: string | null; registered_on: string | null }[] = [];
  const documentRows: Record<string, unknown>[] = [];
  const documentStatus: { id: string; status: string }[] = [];
  const blockRows: Record<string, unknown>[] = [];
  const blockFills: { id: string; valid_until: string }[] = [];
  const relationRows: Record<string, unknown>[] = [];
  const relationFills: { id: string; valid_until: string }[] = [];

  for (const { record, personId } of plan.writes) {
    for (const residence of record.residences) {
      const addressId = addressIds.get(addressKey(residence.address));
      if (!addressId) throw new Error(`address of a residence of person ${personId} was not stored`);
      const old = stored.residences.get(`${personId}#${addressId}#${residence.movedIn}`);
      if (!old) {
        residenceRows.push({
          id: randomUUID(), municipality_id: municipalityId, person_id: personId, address_id: addressId, kind: residence.kind,
          moved_in: residence.movedIn, moved_out: residence.movedOut ?? null, registered_on: residence.registeredOn ?? null,
        });
      } else if ((!old.movedOut && residence.movedOut) || (!old.registeredOn && residence.registeredOn)) {
        residenceFills.push({ id: old.id, moved_out: old.movedOut ?? residence.movedOut ?? null, registered_on: old.registeredOn ?? residence.registeredOn ?? null });
      }
    }
    for (const document of record.documents) {
      const old = stored.documents.get(`${personId}#${document.kind}#${document.serialNumber}`);
      if (!old) {
        documentRows.push({
          id: randomUUID(), municipality_id: municipalityId, person_id: personId, kind: document.kind, serial_number: document.serialNumber,
          issuing_authority: document.issuingAuthority, issued_on: document.issuedOn, valid_until: document.validUntil, status: document.status,
        });
      } else if (old.status !== document.status) {
        // A document's status is its current state (reported lost, handed over), not history.
        documentStatus.push({ id: old.id, status: document.status });
      }
    }
    for (const block of record.blocks) {
      const old = stored.blocks.get(`${personId}#${block.kind}#${block.validFrom}`);
      if (!old) {
        blockRows.push({
          id: randomUUID(), municipality_id: municipalityId, person_id: personId, kind: block.kind, scope: block.scope ?? null,
          reason: block.reason ?? null, valid_from: block.validFrom, valid_until: block.validUntil ?? null,
        });
      } else if (!old.validUntil && block.validUntil) {
        blockFills.push({ id: old.id, valid_until: block.validUntil });
      }
    }
    for (const relation of record.relations) {
      const relatedPersonId = relation.ref ? plan.refIds.get(relation.ref) ?? null : null;
      const old = stored.relations.get(relationKey(personId, relation.kind, relatedPersonId, relation.externalName ?? null));
      if (!old) {
        relationRows.push({
          id: randomUUID(), municipality_id: municipalityId, person_id: personId, kind: relation.kind, related_person_id: relatedPersonId,
          external_name: relation.externalName ?? null, external_address: relation.externalAddress ?? null,
          scope: relation.scope ?? null, valid_from: relation.validFrom ?? null, valid_until: relation.validUntil ?? null,
        });
      } else if (!old.validUntil && relation.validUntil) {
        relationFills.push({ id: old.id, valid_until: relation.validUntil });
      }
    }
  }

  await insertRows(tx, 'residence', [
    ['id', 'uuid'], ['municipality_id', 'uuid'], ['person_id', 'uuid'], ['address_id', 'uuid'], ['kind', 'text'],
    ['moved_in', 'date'], ['moved_out', 'date'], ['registered_on', 'date'],
  ], residenceRows);
  await insertRows(tx, 'id_document', [
    ['id', 'uuid'], ['municipality_id', 'uuid'], ['person_id', 'uuid'], ['kind', 'text'], ['serial_number', 'text'],
    ['issuing_authority', 'text'], ['issued_on', 'date'], ['valid_until', 'date'], ['status', 'text'],
  ], documentRows);
  await insertRows(tx, 'person_block', [
    ['id', 'uuid'], ['municipality_id', 'uuid'], ['person_id', 'uuid'], ['kind', 'text'], ['scope', 'text'],
    ['reason', 'text'], ['valid_from', 'date'], ['valid_until', 'date'],
  ], blockRows);
  await insertRows(tx, 'person_relation', [
    ['id', 'uuid'], ['municipality_id', 'uuid'], ['person_id', 'uuid'], ['kind', 'text'], ['related_person_id', 'uuid'],
    ['external_name', 'text'], ['external_address', 'text'], ['scope', 'text[]'], ['valid_from', 'date'], ['valid_until', 'date'],
  ], relationRows);
  if (residenceFills.length > 0) {
    await tx.execute(sql`UPDATE residence r SET moved_out = x.moved_out, registered_on = x.registered_on
      FROM ${recordset(residenceFills, [['id', 'uuid'], ['moved_out', 'date'], ['registered_on', 'date']])} WHERE r.id = x.id`);
  }
  if (documentStatus.length > 0) {
    await tx.execute(sql`UPDATE id_document d SET status = x.status
      FROM ${recordset(documentStatus, [['id', 'uuid'], ['status', 'text']])} WHERE d.id = x.id`);
  }
  if (blockFills.length > 0) {
    await tx.execute(sql`UPDATE person_block b SET valid_until = x.valid_until
      FROM ${recordset(blockFills, [['id', 'uuid'], ['valid_until', 'date']])} WHERE b.id = x.id`);
  }
  if (relationFills.length > 0) {
    await tx.execute(sql`UPDATE person_relation r SET valid_until = x.valid_until
      FROM ${recordset(relationFills, [['id', 'uuid'], ['valid_until', 'date']])} WHERE r.id = x.id`);
  }
}

function relationKey(personId: string, kind: string, relatedPersonId: string | null, externalName: string | null): string {
  return `${personId}#${kind}#${relatedPersonId ?? ''}#${externalName ?? ''}`;
}

async function loadHistory(tx: Db, personIds: string[]) {
  const history = {
    residences: new Map<string, { id: string; movedOut: string | null; registeredOn: string | null }>(),
    documents: new Map<string, { id: string; status: string }>(),
    blocks: new Map<string, { id: string; validUntil: string | null }>(),
    relations: new Map<string, { id: string; validUntil: string | null }>(),
  };
  for (const part of chunk(personIds, 10_000)) {
    const ids = anyUuid(part);
    const [residenceRows, documentRows, blockRows, relationRows] = [
      await tx.select().from(residences).where(sql`${residences.personId} = ANY(${ids})`),
      await tx.select().from(idDocuments).where(sql`${idDocuments.personId} = ANY(${ids})`),
      await tx.select().from(personBlocks).where(sql`${personBlocks.personId} = ANY(${ids})`),
      await tx.select().from(personRelations).where(sql`${personRelations.personId} = ANY(${ids})`),
    ];
    for (const r of residenceRows) history.residences.set(`${r.personId}#${r.addressId}#${r.movedIn}`, r);
    for (const d of documentRows) history.documents.set(`${d.personId}#${d.kind}#${d.serialNumber}`, d);
    for (const b of blockRows) history.blocks.set(`${b.personId}#${b.kind}#${b.validFrom}`, b);
    for (const r of relationRows) history.relations.set(relationKey(r.personId, r.kind, r.relatedPersonId, r.externalName), r);
  }
  return history;
}

/**
 * person_name_token rows and the lexicon. An updated person's rows are replaced; the lexicon only
 * counts tokens that are new for that person, and tokens the person no longer carries keep their
 * count (the lexicon is a candidate list for fuzzy matching, an over-count does no harm).
 */
async function writeNameIndex(tx: Db, municipalityId: string, writes: PlannedWrite[]): Promise<void> {
  const updatedIds = writes.filter((w) => !w.isNew).map((w) => w.personId);
  const oldTokens = new Set<string>();
  for (const part of chunk(updatedIds, 10_000)) {
    const rows = await tx.select({ personId: personNameTokens.personId, token: personNameTokens.token, role: personNameTokens.role })
      .from(personNameTokens).where(sql`${personNameTokens.personId} = ANY(${anyUuid(part)})`);
    for (const row of rows) oldTokens.add(`${row.personId}#${row.role}#${row.token}`);
    await tx.delete(personNameTokens).where(sql`${personNameTokens.personId} = ANY(${anyUuid(part)})`);
  }
  const rows: PersonNameTokenRow[] = writes.flatMap((w) => personNameTokenRows(municipalityId, w.personId, w.record));
  await insertRows(tx, 'person_name_token', [['municipality_id', 'uuid'], ['person_id', 'uuid'], ['token', 'text'], ['role', 'text']],
    rows.map((row) => ({ municipality_id: row.municipalityId, person_id: row.personId, token: row.token, role: row.role })));
  const lexiconTokens = rows.filter((row) => !oldTokens.has(`${row.personId}#${row.role}#${row.token}`)).map((row) => row.token);
  await updateNameLexicon(tx, municipalityId, lexiconTokens);
}

// --- helpers ---------------------------------------------------------------------------------

/** Column names and SQL types of rows that travel as JSON; names and types are constants of this module. */
type ColumnTypes = readonly (readonly [name: string, type: string])[];

const addressColumnTypes = [
  ['id', 'uuid'], ['municipality_id', 'uuid'], ['street', 'text'], ['house_number', 'text'], ['addition', 'text'],
  ['postcode', 'text'], ['city', 'text'], ['ags', 'text'], ['latitude', 'double precision'], ['longitude', 'double precision'],
  ['address_key', 'text'],
] as const satisfies ColumnTypes;

function columnList(columns: ColumnTypes): SQL {
  return sql.raw(columns.map(([name]) => name).join(', '));
}

/**
 * Rows as one jsonb parameter, expanded server-side: far cheaper than thousands of bind
 * parameters (measured 3.7× faster on PGlite for person rows), and the same SQL on both engines.
 */
function recordset(rows: readonly Record<string, unknown>[], columns: ColumnTypes): SQL {
  const definition = sql.raw(columns.map(([name, type]) => `${name} ${type}`).join(', '));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${definition})`;
}

async function insertRows(tx: Db, table: string, columns: ColumnTypes, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (const part of chunk(rows, rowsPerStatement)) {
    await tx.execute(sql`INSERT INTO ${sql.raw(table)} (${columnList(columns)}) SELECT ${columnList(columns)} FROM ${recordset(part, columns)}`);
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}

/** `column = ANY($1::text[])`: one parameter for any number of values. */
function anyText(column: AnyPgColumn, values: readonly string[]): SQL {
  return sql`${column} = ANY(${textArray(values)}::text[])`;
}

function anyUuid(values: readonly string[]): SQL {
  return sql`${textArray(values)}::uuid[]`;
}
