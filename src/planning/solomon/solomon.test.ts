import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSolomonSolution } from './check.ts';
import { parseSolomon, SolomonFormatError, type SolomonInstance } from './read.ts';
import { solveSolomon } from './solve.ts';

const dataDir = new URL('../../../../shared/data/solomon/', import.meta.url);
const c101 = parseSolomon(readFileSync(new URL('C101.txt', dataDir), 'utf8'));

/** The first `count` customers of an instance: small enough to solve in a test. */
function firstCustomers(instance: SolomonInstance, count: number): SolomonInstance {
  return { ...instance, customers: instance.customers.slice(0, count) };
}

describe('parseSolomon', () => {
  it('reads fleet, depot and the 100 customers of C101 (CRLF kept in the file)', () => {
    expect(c101.name).toBe('C101');
    expect([c101.vehicles, c101.capacity]).toEqual([25, 200]);
    expect(c101.depot).toEqual({ id: 0, x: 40, y: 50, demand: 0, ready: 0, due: 1236, service: 0 });
    expect(c101.customers).toHaveLength(100);
    expect(c101.customers[0]).toEqual({ id: 1, x: 45, y: 68, demand: 10, ready: 912, due: 967, service: 90 });
  });

  it.each([
    ['no fleet line', 'X\nCUSTOMER\n', /NUMBER CAPACITY/],
    ['a broken row', 'X\nNUMBER CAPACITY\n25 200\nCUST NO. x\n0 1 2 3\n', /line 5: expected 7 numbers/],
    ['no depot row', 'X\nNUMBER CAPACITY\n25 200\nCUST NO. x\n1 1 1 1 1 1 1\n', /depot with id 0/],
  ])('refuses %s with the line and what was expected', (_name, text, message) => {
    expect(() => parseSolomon(text)).toThrow(SolomonFormatError);
    expect(() => parseSolomon(text)).toThrow(message);
  });
});

describe('checkSolomonSolution', () => {
  const small = firstCustomers(c101, 3);
  // Customers 1–3 of C101: windows 912–967, 825–870, 65–146; service 90 each.
  it.each([
    ['one route per customer', [[1], [2], [3]], true, ''],
    ['customer 3 before 2 before 1', [[3, 2, 1]], true, ''],
    ['a customer served twice', [[1], [1], [2], [3]], false, 'customer 1 is served 2 times'],
    ['a customer left out', [[1], [2]], false, 'customer 3 is served 0 times'],
    ['an unknown customer', [[1], [2], [3, 7]], false, 'customer 7 does not exist'],
    ['a late service (1 before 3)', [[1, 3], [2]], false, 'customer 3 served at'],
  ])('%s → valid %s', (_name, routes, valid, error) => {
    const check = checkSolomonSolution(small, routes);
    expect(check.valid).toBe(valid);
    if (error) expect(check.errors.join('\n')).toContain(error);
  });

  it('recomputes the distance with floor(10 · euclid) / 10 per arc', () => {
    // depot (40,50) → 3 (42,66) → depot: hypot(2,16) = 16.124… → 16.1 each way.
    expect(checkSolomonSolution(firstCustomers(c101, 0), []).distance).toBe(0);
    const three = { ...c101, customers: [c101.customers[2]!] };
    expect(checkSolomonSolution(three, [[3]]).distance).toBeCloseTo(32.2, 10);
  });

  it('refuses more routes than vehicles and an overloaded route', () => {
    const tight = { ...firstCustomers(c101, 3), vehicles: 1, capacity: 35 };
    const errors = checkSolomonSolution(tight, [[3], [2, 1]]).errors.join('\n');
    expect(errors).toContain('2 routes, but the instance has 1 vehicles');
    expect(errors).toContain('load 40 exceeds the capacity 35');
  });
});

describe('solveSolomon', () => {
  const instance = firstCustomers(c101, 30);

  it('serves every customer in a plan the independent checker accepts', () => {
    const result = solveSolomon(instance, { seed: 7, maxIterations: 3000 });
    const check = checkSolomonSolution(instance, result.routes);
    expect(result.unserved).toEqual([]);
    expect(check.errors).toEqual([]);
    expect(check.distance).toBeCloseTo(result.distance, 6);
    expect(result.iterations).toBe(3000);
  });

  it('gives the same plan for the same seed and iteration budget', () => {
    const a = solveSolomon(instance, { seed: 3, maxIterations: 1500 });
    const b = solveSolomon(instance, { seed: 3, maxIterations: 1500 });
    expect(b.routes).toEqual(a.routes);
  });

  it('improves on the first plan: more iterations never give a longer plan', () => {
    const quick = solveSolomon(instance, { seed: 5, maxIterations: 1 });
    const longer = solveSolomon(instance, { seed: 5, maxIterations: 3000 });
    expect(longer.distance).toBeLessThan(quick.distance);
  });
});
