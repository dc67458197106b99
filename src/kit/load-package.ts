/**
 * Puts an opened tour package into the kit's own database, so the case workflows run there
 * unchanged: the municipality with its profile, the register rows of the persons to be seen,
 * the institutions, the fee tables, the key for the certificates it prints, and the officers' accounts (without passwords; they log in
 * against the Rathaus or with their offline verifier). Rows keep their Rathaus ids, so what the
 * kit captures refers to the same persons and addresses at the Rathaus.
 */
import { getTableColumns, sql, type Table } from 'drizzle-orm';
import { storeDelegatedKey } from '../documents/delegated-keys.ts';
import { feeTables } from '../fees/schema.ts';
import { staffUsers } from '../identity/schema.ts';
import type { Db } from '../platform/db/database.ts';
import { municipalities, municipalityProfiles } from '../platform/tenancy/schema.ts';
import { addresses, idDocuments, institutions, personBlocks, personRelations, persons, residences } from '../register/schema.ts';
import type { TourPackage } from './build-tour-package.ts';

/** JSON turned Date columns into strings and bytea into base64: give them back their types. */
function revive(table: Table, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    if (column.columnType === 'PgTimestamp') out[key] = new Date(value);
    else if (column.getSQLType() === 'bytea') out[key] = Buffer.from(value, 'base64');
  }
  return out;
}

async function upsertAll(db: Db, table: Table, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => revive(table, row));
  const columns = Object.keys(getTableColumns(table)).filter((key) => key !== 'id' && key in (values[0] ?? {}));
  const set = Object.fromEntries(columns.map((key) => {
    const column = getTableColumns(table)[key];
    return [key, sql.raw(`excluded."${column?.name ?? key}"`)];
  }));
  const idColumn = getTableColumns(table).id;
  const insert = db.insert(table as never).values(values as never);
  await (idColumn ? insert.onConflictDoUpdate({ target: idColumn, set } as never) : insert.onConflictDoNothing());
}

export interface PackageOfficer {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
}

/** `secret` seals the package's document key in the kit's database (the kit's BK_SECRET). */
export async function loadTourPackage(db: Db, pkg: TourPackage, options: { secret: string; staff?: PackageOfficer[] }): Promise<void> {
  const staff = options.staff ?? [];
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await tx.insert(municipalities).values({ id: pkg.municipality.id, ags: pkg.municipality.ags, name: pkg.municipality.name })
      .onConflictDoUpdate({ target: municipalities.id, set: { name: pkg.municipality.name } });
    if (pkg.profile) {
      const profile = revive(municipalityProfiles, pkg.profile as unknown as Record<string, unknown>);
      await tx.insert(municipalityProfiles).values(profile as never).onConflictDoUpdate({ target: municipalityProfiles.municipalityId, set: profile as never });
    }
    await storeDelegatedKey(tx, options.secret, { municipalityId: pkg.municipality.id, holder: `kit:${pkg.kitId}`, key: pkg.documentKey });
    for (const officer of staff) {
      await tx.insert(staffUsers).values({
        id: officer.userId, municipalityId: pkg.municipality.id, username: officer.username, displayName: officer.displayName,
        // No password on the kit: officers log in against the Rathaus or with their offline verifier.
        roles: officer.roles, passwordHash: '!kit',
      }).onConflictDoUpdate({ target: staffUsers.id, set: { displayName: officer.displayName, roles: officer.roles } });
    }
    await upsertAll(tx, addresses, pkg.register.addresses as never);
    await upsertAll(tx, persons, pkg.register.persons as never);
    await upsertAll(tx, residences, pkg.register.residences as never);
    await upsertAll(tx, idDocuments, pkg.register.idDocuments as never);
    await upsertAll(tx, personBlocks, pkg.register.personBlocks as never);
    await upsertAll(tx, personRelations, pkg.register.personRelations as never);
    await upsertAll(tx, institutions, pkg.register.institutions as never);
    await upsertAll(tx, feeTables, pkg.feeTables as never);
  });
}
