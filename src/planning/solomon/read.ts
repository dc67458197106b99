// Solomon's VRPTW text format (../shared/data/README.md): name, VEHICLE NUMBER CAPACITY, then one
// row per customer "id x y demand ready due service"; row 0 is the depot and its due time the horizon.

export interface SolomonCustomer {
  id: number;
  x: number;
  y: number;
  demand: number;
  ready: number;
  due: number;
  service: number;
}

export interface SolomonInstance {
  name: string;
  vehicles: number;
  capacity: number;
  depot: SolomonCustomer;
  customers: SolomonCustomer[];
}

export class SolomonFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolomonFormatError';
  }
}

export function parseSolomon(text: string): SolomonInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const name = lines.find((l) => l.length > 0) ?? '';
  const vehicleHeader = lines.findIndex((l) => /^NUMBER\s+CAPACITY$/i.test(l));
  if (vehicleHeader < 0) throw new SolomonFormatError('no "NUMBER CAPACITY" line: is this a Solomon instance?');
  const fleet = (lines[vehicleHeader + 1] ?? '').split(/\s+/).map(Number);
  if (fleet.length !== 2 || fleet.some((v) => !Number.isFinite(v))) {
    throw new SolomonFormatError(`line ${vehicleHeader + 2}: expected "vehicles capacity", found "${lines[vehicleHeader + 1]}"`);
  }
  const customerHeader = lines.findIndex((l) => /^CUST\s+NO\./i.test(l));
  if (customerHeader < 0) throw new SolomonFormatError('no "CUST NO." header line before the customer rows');
  const rows: SolomonCustomer[] = [];
  for (let i = customerHeader + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const values = line.split(/\s+/).map(Number);
    if (values.length !== 7 || values.some((v) => !Number.isFinite(v))) {
      throw new SolomonFormatError(`line ${i + 1}: expected 7 numbers "id x y demand ready due service", found "${line}"`);
    }
    const [id, x, y, demand, ready, due, service] = values as [number, number, number, number, number, number, number];
    rows.push({ id, x, y, demand, ready, due, service });
  }
  const [depot, ...customers] = rows;
  if (!depot || depot.id !== 0) throw new SolomonFormatError('the first customer row must be the depot with id 0');
  return { name, vehicles: fleet[0]!, capacity: fleet[1]!, depot, customers };
}

/** DIMACS 2021 convention: each arc's length is floor(10 · euclidean) / 10; here in integer tenths. */
export function dimacsTenths(a: SolomonCustomer, b: SolomonCustomer): number {
  return Math.floor(10 * Math.hypot(a.x - b.x, a.y - b.y));
}
