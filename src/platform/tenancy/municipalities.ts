import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { municipalities } from './schema.ts';

export interface Municipality {
  id: string;
  ags: string;
  name: string;
}

export async function ensureMunicipality(db: Db, ags: string, name: string): Promise<Municipality> {
  if (!/^\d{8}$/.test(ags)) throw new AppError('AGS_INVALID', `The Gemeindeschlüssel "${ags}" must have 8 digits, e.g. 05911000.`);
  await db.insert(municipalities).values({ ags, name }).onConflictDoNothing();
  const [row] = await db.select().from(municipalities).where(eq(municipalities.ags, ags));
  if (!row) throw new Error(`municipality ${ags} vanished after insert`);
  return { id: row.id, ags: row.ags, name: row.name };
}

/** The municipality a CLI command acts for: the one named, or the only one there is. */
export async function resolveMunicipality(db: Db, ags?: string): Promise<Municipality> {
  const rows = ags
    ? await db.select().from(municipalities).where(eq(municipalities.ags, ags))
    : await db.select().from(municipalities);
  if (rows.length === 1 && rows[0]) return { id: rows[0].id, ags: rows[0].ags, name: rows[0].name };
  if (ags) throw new AppError('MUNICIPALITY_UNKNOWN', `No municipality with Gemeindeschlüssel ${ags}. Run "buergerkoffer demo" or create it first.`, 404);
  if (rows.length === 0) throw new AppError('MUNICIPALITY_NONE', 'The database has no municipality yet. Run "buergerkoffer demo" to create the demo city.', 404);
  throw new AppError('MUNICIPALITY_AMBIGUOUS', `Several municipalities exist (${rows.map((r) => r.ags).join(', ')}); choose one with --municipality <AGS>.`);
}
