import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';

/** Runs a raw statement and returns its rows; both drivers (pg, PGlite) answer with `{ rows }`. */
export async function queryRows<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * An array as a single bind parameter in Postgres array-literal form. Both drivers (pg and PGlite)
 * accept it, while a plain JS array would be spread into a parameter list by drizzle.
 */
export function textArray(values: readonly string[]) {
  return sql.param(`{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`);
}

export function intArray(values: readonly number[]) {
  return sql.param(`{${values.map((v) => String(Math.trunc(v))).join(',')}}`);
}
