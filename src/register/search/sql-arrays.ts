import { sql } from 'drizzle-orm';

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

export function floatArray(values: readonly number[]) {
  return sql.param(`{${values.map((v) => String(v)).join(',')}}`);
}

export function boolArray(values: readonly boolean[]) {
  return sql.param(`{${values.map((v) => (v ? 't' : 'f')).join(',')}}`);
}
