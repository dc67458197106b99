// An independent check of a Solomon solution: it shares only the parser with the solver and
// recomputes every route from the instance, in integer tenths (exact).
import { dimacsTenths, type SolomonInstance } from './read.ts';

export interface SolomonCheck {
  valid: boolean;
  errors: string[];
  /** Recomputed total distance (DIMACS convention). */
  distance: number;
  vehicles: number;
}

export function checkSolomonSolution(instance: SolomonInstance, routes: number[][]): SolomonCheck {
  const errors: string[] = [];
  const byId = new Map(instance.customers.map((c) => [c.id, c]));
  const seen = new Map<number, number>();
  let tenths = 0;
  const used = routes.filter((r) => r.length > 0);
  if (used.length > instance.vehicles) errors.push(`${used.length} routes, but the instance has ${instance.vehicles} vehicles`);
  used.forEach((route, r) => {
    let load = 0;
    let time = instance.depot.ready * 10;
    let at = instance.depot;
    for (const id of route) {
      const customer = byId.get(id);
      if (!customer) { errors.push(`route ${r + 1}: customer ${id} does not exist`); return; }
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const leg = dimacsTenths(at, customer);
      tenths += leg;
      time = Math.max(time + leg, customer.ready * 10);
      if (time > customer.due * 10) errors.push(`route ${r + 1}: customer ${id} served at ${time / 10}, after its due time ${customer.due}`);
      time += customer.service * 10;
      load += customer.demand;
      at = customer;
    }
    const back = dimacsTenths(at, instance.depot);
    tenths += back;
    if (time + back > instance.depot.due * 10) errors.push(`route ${r + 1}: returns at ${(time + back) / 10}, after the depot closes at ${instance.depot.due}`);
    if (load > instance.capacity) errors.push(`route ${r + 1}: load ${load} exceeds the capacity ${instance.capacity}`);
  });
  for (const c of instance.customers) {
    const count = seen.get(c.id) ?? 0;
    if (count !== 1) errors.push(`customer ${c.id} is served ${count} times`);
  }
  return { valid: errors.length === 0, errors, distance: tenths / 10, vehicles: used.length };
}
