import { and, count, eq, inArray } from 'drizzle-orm';
import { ensureDemoProfile } from '../documents/demo-profile.ts';
import { createStaffUser } from '../identity/users.ts';
import type { Role } from '../identity/policies.ts';
import type { SystemActor } from '../identity/principal.ts';
import { staffUsers } from '../identity/schema.ts';
import type { AppContext } from '../platform/context.ts';
import { ensureDemoFeeTariff } from '../fees/demo-tariff.ts';
import { ensureDemoEligibilityRules } from '../requests/eligibility/demo-rules.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { kits } from '../planning/schema.ts';
import { ensureMunicipality, type Municipality } from '../platform/tenancy/municipalities.ts';
import { municipalities } from '../platform/tenancy/schema.ts';
import { addressKey } from '../register/import/address-key.ts';
import { RecordsRefusedError, writePersonRecords, type WriteResult } from '../register/import/write-records.ts';
import { addresses, institutions, persons } from '../register/schema.ts';
import { generateCity } from './generate/city.ts';
import { ensureDemoVisits } from './seed-visits.ts';
import { bochumAgs, bochumName } from './generate/geography.ts';
import type { InstitutionSpec } from './generate/institutions.ts';
import type { KitSpec } from './generate/kits.ts';

/** One password for every demo account, printed at start: the demo is for trying, not for real data. */
export const demoPassword = 'Demo-Bochum-2026!';

export interface DemoAccount {
  username: string;
  displayName: string;
  email: string;
  roles: Role[];
  /** What the role does, for the start-up message. */
  label: string;
}

/** One account per role of DESIGN §2, and four field officers: two crews of two for the two kits. */
export const demoAccounts: readonly DemoAccount[] = [
  { username: 'admin', displayName: 'Sabine Hartmann', email: 'admin@stadt-bochum.example.org', roles: ['admin'], label: 'Administration' },
  { username: 'disposition', displayName: 'Markus Becker', email: 'disposition@stadt-bochum.example.org', roles: ['dispatcher'], label: 'Disposition' },
  { username: 'aussendienst', displayName: 'Aylin Yıldız', email: 'aussendienst@stadt-bochum.example.org', roles: ['field_officer'], label: 'Außendienst' },
  { username: 'aussendienst2', displayName: 'Jonas Weber', email: 'aussendienst2@stadt-bochum.example.org', roles: ['field_officer'], label: 'Außendienst' },
  { username: 'aussendienst3', displayName: 'Fatma Demir', email: 'aussendienst3@stadt-bochum.example.org', roles: ['field_officer'], label: 'Außendienst' },
  { username: 'aussendienst4', displayName: 'Lena Schulz', email: 'aussendienst4@stadt-bochum.example.org', roles: ['field_officer'], label: 'Außendienst' },
  { username: 'sachbearbeitung', displayName: 'Thomas Krüger', email: 'sachbearbeitung@stadt-bochum.example.org', roles: ['clerk'], label: 'Sachbearbeitung' },
  { username: 'datenschutz', displayName: 'Dr. Ulrike Brandt', email: 'datenschutz@stadt-bochum.example.org', roles: ['auditor'], label: 'Datenschutz' },
];

export const defaultDemoResidents = 20_000;
export const defaultDemoSeed = 1;
const batchSize = 2000;

export interface SeedDemoOptions {
  residents: number;
  seed: number;
  /** Called after each batch of residents with the number written so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoResult {
  municipality: Municipality;
  persons: WriteResult;
  institutions: number;
  kits: number;
  users: number;
  visitRequests: number;
  milliseconds: number;
}

export interface DemoState {
  seeded: boolean;
  /** Living and deceased persons in the demo municipality's register. */
  persons: number;
}

/**
 * Whether the demo city is complete: the municipality exists, has persons, and has every demo
 * account. The accounts are created last, so an interrupted seeding is not mistaken for a
 * finished one, and the next run completes it (every step below is idempotent).
 */
export async function demoState(ctx: AppContext): Promise<DemoState> {
  const { db } = ctx.database;
  const [municipality] = await db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.ags, bochumAgs));
  if (!municipality) return { seeded: false, persons: 0 };
  const [people] = await db.select({ n: count() }).from(persons).where(eq(persons.municipalityId, municipality.id));
  const users = await db.select({ username: staffUsers.username }).from(staffUsers)
    .where(and(eq(staffUsers.municipalityId, municipality.id), inArray(staffUsers.username, demoAccounts.map((a) => a.username))));
  const personCount = people?.n ?? 0;
  return { seeded: personCount > 0 && users.length === demoAccounts.length, persons: personCount };
}

/**
 * Seeds the demo city: municipality, care homes, the generated residents (through the register's
 * bulk writer, so they get addresses, history, the name index and access-log entries like any
 * import), the kits and one staff account per role.
 */
export async function seedDemo(ctx: AppContext, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = performance.now();
  const city = generateCity({ residents: options.residents, seed: options.seed, referenceDate: ctx.now() });
  const municipality = await ensureMunicipality(ctx.database.db, bochumAgs, bochumName);
  const actor: SystemActor = { kind: 'system', name: 'demo-seed', municipalityId: municipality.id };

  const institutionCount = await ensureInstitutions(ctx.database.db, municipality.id, city.institutions);
  // The city's own (demo) tariff for Meldebescheinigung, Lebensbescheinigung and Beglaubigung.
  await ensureDemoFeeTariff(ctx.database.db, municipality.id);
  // The rules home-visit requests are decided by (the Bochum preset), as version 1.
  await ensureDemoEligibilityRules(ctx.database.db, municipality.id);

  const totals: WriteResult = { created: 0, updated: 0, unchanged: 0 };
  let done = 0;
  options.onProgress?.(0, city.residents);
  for (const batch of city.batches(batchSize)) {
    const result = await writePersonRecords(ctx, actor, municipality.id, batch, { purpose: 'Demo-Daten (synthetische Stadt Bochum)' })
      .catch((error: unknown) => {
        if (!(error instanceof RecordsRefusedError)) throw error;
        // Only happens when an interrupted seeding is resumed with another seed or on another day.
        throw new AppError('DEMO_SEED_CONFLICT',
          `The database holds part of a different demo city, which the new one cannot be merged into (${error.message}). ` +
          'Run "buergerkoffer demo --reset" to start with an empty demo database.', 409);
      });
    totals.created += result.created;
    totals.updated += result.updated;
    totals.unchanged += result.unchanged;
    done += batch.length;
    options.onProgress?.(done, city.residents);
  }

  const kitCount = await ensureKits(ctx.database.db, municipality.id, city.kits);
  const userCount = await ensureDemoAccounts(ctx, municipality.id);
  await ensureDemoProfile(ctx.database.db, municipality, ctx.now());
  const visits = await ensureDemoVisits(ctx, municipality.id);
  return { municipality, persons: totals, institutions: institutionCount, kits: kitCount, users: userCount, visitRequests: visits.requests, milliseconds: Math.round(performance.now() - started) };
}

async function ensureInstitutions(db: Db, municipalityId: string, specs: readonly InstitutionSpec[]): Promise<number> {
  let created = 0;
  for (const spec of specs) {
    const [existing] = await db.select({ id: institutions.id }).from(institutions)
      .where(and(eq(institutions.municipalityId, municipalityId), eq(institutions.name, spec.name)));
    if (existing) continue;
    const key = addressKey(spec.address);
    // The same key the register's writer uses, so the residents' Hauptwohnung is this very row.
    await db.insert(addresses).values({
      municipalityId, street: spec.address.street, houseNumber: spec.address.houseNumber, addition: spec.address.addition ?? null,
      postcode: spec.address.postcode, city: spec.address.city, ags: spec.address.ags,
      latitude: spec.address.latitude ?? null, longitude: spec.address.longitude ?? null, addressKey: key,
    }).onConflictDoNothing();
    const [address] = await db.select({ id: addresses.id }).from(addresses)
      .where(and(eq(addresses.municipalityId, municipalityId), eq(addresses.addressKey, key)));
    if (!address) throw new Error(`address of institution ${spec.name} missing after insert`);
    await db.insert(institutions).values({
      municipalityId, name: spec.name, kind: spec.kind, addressId: address.id, phone: spec.phone, email: spec.email, visitingHours: spec.visitingHours,
    });
    created += 1;
  }
  return created;
}

async function ensureKits(db: Db, municipalityId: string, specs: readonly KitSpec[]): Promise<number> {
  const rows = await db.insert(kits).values(specs.map((spec) => ({
    municipalityId, name: spec.name, status: spec.status, commissionedOn: spec.commissionedOn, devices: spec.devices,
  }))).onConflictDoNothing().returning({ id: kits.id });
  return rows.length;
}

async function ensureDemoAccounts(ctx: AppContext, municipalityId: string): Promise<number> {
  // An account of the same name in another municipality makes createStaffUser refuse, with its own message.
  const existing = await ctx.database.db.select({ username: staffUsers.username }).from(staffUsers)
    .where(and(eq(staffUsers.municipalityId, municipalityId), inArray(staffUsers.username, demoAccounts.map((a) => a.username))));
  const taken = new Set(existing.map((row) => row.username));
  let created = 0;
  for (const account of demoAccounts) {
    if (taken.has(account.username)) continue;
    await createStaffUser(ctx, {
      municipalityId, username: account.username, displayName: account.displayName, email: account.email, password: demoPassword, roles: account.roles,
    });
    created += 1;
  }
  return created;
}
