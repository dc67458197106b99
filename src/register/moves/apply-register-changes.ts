import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAccess } from '../../audit/record-access.ts';
import type { AddressFacts, NewPerson, RegisterChange } from '../../cases/workflow.ts';
import type { Actor } from '../../identity/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, forbidden } from '../../platform/errors.ts';
import { parsePartialDate, registerToday } from '../dates.ts';
import { addressKey } from '../import/address-key.ts';
import type { RegisterDataCategory } from '../persons/data-categories.ts';
import { personRecordSchema } from '../record.ts';
import { addresses, idDocuments, persons, residences } from '../schema.ts';
import { personNameTokenRows, searchNameOf, updateNameLexicon } from '../search/name-index.ts';
import { textArray } from '../search/sql-arrays.ts';
import { recordRuleIssues } from '../validate-record.ts';

export interface ApplyRegisterChangesInput {
  municipalityId: string;
  changes: RegisterChange[];
  actor: Actor;
  /** The case that carries the changes: the purpose (Aktenzeichen) of the access-log entry. */
  caseNumber: string;
  now: Date;
}

export interface ApplyRegisterChangesResult {
  /** ref of each create_person change → the new person's register id. */
  createdPersonIds: Record<string, string>;
}

/**
 * Carries out the register changes of a completed case (moves, new persons, ID documents) with
 * history: a move never overwrites a residence, it closes the old row (moved_out) and adds a new
 * one. Runs inside the caller's transaction (`db` may be a transaction); all changes and their
 * access-log entry stand or fall together (a savepoint of their own). Every change is checked
 * against the stored register first — a residence of another person, a second Hauptwohnung, a
 * document number held by someone else — and refused with an AppError saying what to correct.
 */
export async function applyRegisterChanges(db: Db, input: ApplyRegisterChangesInput): Promise<ApplyRegisterChangesResult> {
  const { municipalityId, changes, actor, caseNumber, now } = input;
  if (actor.municipalityId !== municipalityId) {
    throw forbidden('You can only change the register of your own municipality.');
  }
  if (changes.length === 0) return { createdPersonIds: {} };
  return db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const state: ApplyState = { tx, municipalityId, createdPersonIds: {}, touched: new Set(), categories: new Set(), today: registerToday(now) };
    for (const [index, change] of changes.entries()) await applyChange(state, change, index);
    await checkOneHauptwohnung(state);
    const personIds = [...state.touched];
    await tx.update(persons).set({ updatedAt: now }).where(sql`${persons.id} = ANY(${textArray(personIds)}::uuid[])`);
    await recordAccess(tx, {
      municipalityId,
      actor,
      action: 'register.person.change',
      dataCategories: [...state.categories],
      personIds,
      purpose: caseNumber,
      details: { caseNumber, changes: changes.map((change) => change.kind) },
    }, now);
    return { createdPersonIds: state.createdPersonIds };
  });
}

interface ApplyState {
  tx: Db;
  municipalityId: string;
  createdPersonIds: Record<string, string>;
  touched: Set<string>;
  categories: Set<RegisterDataCategory>;
  today: string;
}

async function applyChange(state: ApplyState, change: RegisterChange, index: number): Promise<void> {
  switch (change.kind) {
    case 'create_person': return createPerson(state, change.ref, change.person, index);
    case 'move_in': return moveIn(state, change, index);
    case 'move_out': return moveOut(state, change, index);
    case 'change_residence_kind': return changeResidenceKind(state, change, index);
    case 'record_document': return recordDocument(state, change, index);
    case 'update_document_status': return updateDocumentStatus(state, change, index);
  }
}

function refused(code: string, index: number, message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, `Register change ${index + 1}: ${message}`, 422, { change: index, ...details });
}

// --- persons ---------------------------------------------------------------------------------

async function createPerson(state: ApplyState, ref: string, person: NewPerson, index: number): Promise<void> {
  if (state.createdPersonIds[ref]) throw refused('REGISTER_DUPLICATE_REF', index, `the new person "${ref}" is created twice in one case; create each person once.`);
  // The importer's rules (DIN SPEC 91379 characters, calendar dates, name rules) hold for persons
  // registered at the counter too.
  const parsed = personRecordSchema.safeParse({ ref, ...person });
  if (!parsed.success) {
    throw refused('REGISTER_PERSON_INVALID', index, `the new person's data is incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  }
  const issues = recordRuleIssues(parsed.data, state.today);
  if (issues.length > 0) {
    throw refused('REGISTER_PERSON_INVALID', index, `the new person's data cannot be stored: ${issues.map((i) => i.message).join(' ')}`, { issues });
  }
  const id = randomUUID();
  const birth = person.birthDate ? parsePartialDate(person.birthDate) : null;
  await state.tx.insert(persons).values({
    id,
    municipalityId: state.municipalityId,
    familyName: person.familyName,
    birthName: person.birthName,
    givenNames: person.givenNames,
    preferredGivenName: person.preferredGivenName,
    doctoralDegree: person.doctoralDegree,
    birthYear: birth?.year ?? null,
    birthMonth: birth?.month ?? null,
    birthDay: birth?.day ?? null,
    birthPlace: person.birthPlace,
    birthCountry: person.birthCountry,
    sex: person.sex,
    nationalities: person.nationalities,
    religion: person.religion,
    maritalStatus: person.maritalStatus,
    searchName: searchNameOf(person),
  });
  const tokens = personNameTokenRows(state.municipalityId, id, person);
  if (tokens.length > 0) {
    await state.tx.execute(sql`INSERT INTO person_name_token (municipality_id, person_id, token, role)
      SELECT municipality_id, person_id, token, role FROM jsonb_to_recordset(${JSON.stringify(tokens.map((t) => ({
        municipality_id: t.municipalityId, person_id: t.personId, token: t.token, role: t.role,
      })))}::jsonb) AS x(municipality_id uuid, person_id uuid, token text, role text)`);
  }
  await updateNameLexicon(state.tx, state.municipalityId, tokens.map((t) => t.token));
  state.createdPersonIds[ref] = id;
  state.touched.add(id);
  for (const category of ['names', 'birth', 'sex', 'nationalities', 'religion', 'marital_status'] as const) state.categories.add(category);
}

async function resolvePerson(state: ApplyState, person: { id: string } | { ref: string }, index: number): Promise<string> {
  if ('ref' in person) {
    const id = state.createdPersonIds[person.ref];
    if (!id) throw refused('REGISTER_UNKNOWN_REF', index, `no new person "${person.ref}" was created before this change; put the create_person change first.`);
    return id;
  }
  return requirePerson(state, person.id, index);
}

async function requirePerson(state: ApplyState, personId: string, index: number): Promise<string> {
  const [row] = await state.tx.select({ id: persons.id, dateOfDeath: persons.dateOfDeath }).from(persons)
    .where(and(eq(persons.id, personId), eq(persons.municipalityId, state.municipalityId)));
  if (!row) throw refused('REGISTER_PERSON_NOT_FOUND', index, `person ${personId} is not in the register of this municipality; check the person.`);
  return row.id;
}

// --- residences ------------------------------------------------------------------------------

async function findOrCreateAddress(state: ApplyState, address: AddressFacts): Promise<string> {
  const key = addressKey(address);
  const lookUp = async () => (await state.tx.select({ id: addresses.id }).from(addresses)
    .where(and(eq(addresses.municipalityId, state.municipalityId), eq(addresses.addressKey, key))))[0]?.id;
  const known = await lookUp();
  if (known) return known;
  await state.tx.insert(addresses).values({
    id: randomUUID(),
    municipalityId: state.municipalityId,
    street: address.street.trim(),
    houseNumber: address.houseNumber.trim(),
    addition: address.addition?.trim() || null,
    postcode: address.postcode.trim(),
    city: address.city.trim(),
    ags: address.ags.trim(),
    addressKey: key,
  }).onConflictDoNothing();
  // Another writer may have stored the same address meanwhile: its row is the one to use.
  const id = await lookUp();
  if (!id) throw new Error(`address ${key} missing after insert`);
  return id;
}

async function moveIn(state: ApplyState, change: Extract<RegisterChange, { kind: 'move_in' }>, index: number): Promise<void> {
  const personId = await resolvePerson(state, change.person, index);
  const address = change.address;
  const missing = (['street', 'houseNumber', 'postcode', 'city', 'ags'] as const).filter((field) => !address[field]?.trim());
  if (missing.length > 0) throw refused('REGISTER_ADDRESS_INCOMPLETE', index, `the new address lacks ${missing.join(', ')}; complete the address.`);
  const addressId = await findOrCreateAddress(state, address);
  const open = await state.tx.select({ id: residences.id, addressId: residences.addressId, movedIn: residences.movedIn }).from(residences)
    .where(and(eq(residences.personId, personId), isNull(residences.movedOut)));
  if (open.some((row) => row.addressId === addressId)) {
    throw refused('REGISTER_ALREADY_RESIDENT', index, `the person is already registered at ${formatAddress(address)}; a move to the same flat is not a move.`);
  }
  const [same] = await state.tx.select({ id: residences.id }).from(residences)
    .where(and(eq(residences.personId, personId), eq(residences.addressId, addressId), eq(residences.movedIn, change.movedIn)));
  if (same) {
    throw refused('REGISTER_RESIDENCE_EXISTS', index, `a residence at ${formatAddress(address)} moved into on ${change.movedIn} is already in the history; check the move-in date.`);
  }
  await state.tx.insert(residences).values({
    id: randomUUID(),
    municipalityId: state.municipalityId,
    personId,
    addressId,
    kind: change.residenceKind,
    movedIn: change.movedIn,
    registeredOn: change.registeredOn,
  });
  state.touched.add(personId);
  state.categories.add('addresses');
}

async function openResidence(state: ApplyState, personId: string, residenceId: string, index: number) {
  const [row] = await state.tx.select().from(residences)
    .where(and(eq(residences.id, residenceId), eq(residences.municipalityId, state.municipalityId)));
  if (!row || row.personId !== personId) {
    throw refused('REGISTER_RESIDENCE_NOT_OF_PERSON', index, `residence ${residenceId} is not a residence of person ${personId}; reload the person and pick one of their residences.`);
  }
  if (row.movedOut) {
    throw refused('REGISTER_RESIDENCE_CLOSED', index, `the residence was already given up on ${row.movedOut}; reload the person, the register changed.`);
  }
  return row;
}

async function moveOut(state: ApplyState, change: Extract<RegisterChange, { kind: 'move_out' }>, index: number): Promise<void> {
  const personId = await requirePerson(state, change.personId, index);
  const row = await openResidence(state, personId, change.residenceId, index);
  if (change.movedOut < row.movedIn) {
    throw refused('REGISTER_MOVE_OUT_BEFORE_MOVE_IN', index, `the move-out date ${change.movedOut} is before the move-in date ${row.movedIn}; correct the move-out date.`);
  }
  // The history keeps the row; only its open end is filled in.
  await state.tx.update(residences).set({ movedOut: change.movedOut }).where(eq(residences.id, row.id));
  state.touched.add(personId);
  state.categories.add('addresses');
}

async function changeResidenceKind(state: ApplyState, change: Extract<RegisterChange, { kind: 'change_residence_kind' }>, index: number): Promise<void> {
  const personId = await requirePerson(state, change.personId, index);
  const row = await openResidence(state, personId, change.residenceId, index);
  if (row.kind !== change.residenceKind) {
    await state.tx.update(residences).set({ kind: change.residenceKind }).where(eq(residences.id, row.id));
  }
  state.touched.add(personId);
  state.categories.add('addresses');
}

/** BMG § 21 Abs. 1: of several residences, exactly one is the Hauptwohnung. Checked after all changes. */
async function checkOneHauptwohnung(state: ApplyState): Promise<void> {
  for (const personId of state.touched) {
    const rows = await state.tx.select({ id: residences.id, street: addresses.street, houseNumber: addresses.houseNumber, city: addresses.city })
      .from(residences).innerJoin(addresses, eq(addresses.id, residences.addressId))
      .where(and(eq(residences.personId, personId), isNull(residences.movedOut), eq(residences.kind, 'haupt')));
    if (rows.length > 1) {
      throw new AppError('REGISTER_SECOND_HAUPTWOHNUNG',
        `Person ${personId} would have ${rows.length} Hauptwohnungen (${rows.map((r) => `${r.street} ${r.houseNumber}, ${r.city}`).join('; ')}); ` +
        'a person has exactly one Hauptwohnung (BMG § 21): move out of the old one or make it a Nebenwohnung.', 422, { personId, residenceIds: rows.map((r) => r.id) });
    }
  }
}

function formatAddress(address: AddressFacts): string {
  return `${address.street} ${address.houseNumber}${address.addition ? ` ${address.addition}` : ''}, ${address.postcode} ${address.city}`;
}

// --- documents -------------------------------------------------------------------------------

async function recordDocument(state: ApplyState, change: Extract<RegisterChange, { kind: 'record_document' }>, index: number): Promise<void> {
  const personId = await requirePerson(state, change.personId, index);
  const [held] = await state.tx.select({ personId: idDocuments.personId }).from(idDocuments)
    .where(and(eq(idDocuments.municipalityId, state.municipalityId), eq(idDocuments.kind, change.documentKind), eq(idDocuments.serialNumber, change.serialNumber)));
  if (held) {
    throw refused(held.personId === personId ? 'REGISTER_DOCUMENT_EXISTS' : 'REGISTER_DOCUMENT_OF_OTHER_PERSON', index,
      held.personId === personId
        ? `document ${change.serialNumber} is already recorded for this person.`
        : `document number ${change.serialNumber} is registered for another person; check the number.`);
  }
  if (change.validUntil < change.issuedOn) {
    throw refused('REGISTER_DOCUMENT_DATES', index, `the document would expire (${change.validUntil}) before it is issued (${change.issuedOn}); check the dates.`);
  }
  await state.tx.insert(idDocuments).values({
    id: randomUUID(),
    municipalityId: state.municipalityId,
    personId,
    kind: change.documentKind,
    serialNumber: change.serialNumber,
    issuingAuthority: change.issuingAuthority,
    issuedOn: change.issuedOn,
    validUntil: change.validUntil,
    status: 'valid',
  });
  state.touched.add(personId);
  state.categories.add('documents');
}

async function updateDocumentStatus(state: ApplyState, change: Extract<RegisterChange, { kind: 'update_document_status' }>, index: number): Promise<void> {
  const personId = await requirePerson(state, change.personId, index);
  const rows = await state.tx.select({ id: idDocuments.id }).from(idDocuments)
    .where(and(eq(idDocuments.personId, personId), eq(idDocuments.serialNumber, change.serialNumber)));
  if (rows.length === 0) {
    throw refused('REGISTER_DOCUMENT_NOT_FOUND', index, `the person holds no document ${change.serialNumber} in the register; check the number.`);
  }
  // A document's status is its current state, not history (as in the importer).
  await state.tx.update(idDocuments).set({ status: change.status }).where(and(eq(idDocuments.personId, personId), eq(idDocuments.serialNumber, change.serialNumber)));
  state.touched.add(personId);
  state.categories.add('documents');
}
