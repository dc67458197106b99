import { beforeAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../register/record.ts';
import { germanDocumentNumberProblem, validatePersonRecord } from '../../register/validate-record.ts';
import { generateCity, type DemoCity } from './city.ts';
import { ageOn } from './dates.ts';
import { germanGivenNamesByDecade } from './given-names.ts';
import { demoPersonas, frauKHomeName } from './personas.ts';

const referenceDate = new Date('2026-11-20T09:00:00Z');
const today = '2026-11-20';

function all(city: DemoCity): PersonRecord[] {
  return [...city.persons()];
}

const living = (records: PersonRecord[]) => records.filter((r) => !r.dateOfDeath);
const fullBirth = (r: PersonRecord) => (r.birthDate && r.birthDate.length === 10 ? r.birthDate : `${(r.birthDate ?? '1900').slice(0, 4)}-07-01`);
const ageOf = (r: PersonRecord) => ageOn(fullBirth(r), today);
const currentHome = (r: PersonRecord) => r.residences.find((s) => s.kind === 'haupt' && !s.movedOut);
const share = (part: number, whole: number) => part / whole;

describe('generateCity', () => {
  let city: DemoCity;
  let records: PersonRecord[];
  beforeAll(() => {
    city = generateCity({ residents: 20_000, seed: 1, referenceDate });
    records = all(city);
  });

  it('produces exactly the number of person records asked for, each ref once', () => {
    expect(records).toHaveLength(20_000);
    expect(new Set(records.map((r) => r.ref)).size).toBe(20_000);
  });

  it('is deterministic for a seed and different for another seed', () => {
    const again = generateCity({ residents: 20_000, seed: 1, referenceDate });
    const other = generateCity({ residents: 20_000, seed: 2, referenceDate });
    const head = (c: DemoCity) => {
      const out: PersonRecord[] = [];
      for (const record of c.persons()) {
        out.push(record);
        if (out.length === 1500) break;
      }
      return JSON.stringify(out);
    };
    expect(head(again)).toBe(JSON.stringify(records.slice(0, 1500)));
    expect(head(other)).not.toBe(JSON.stringify(records.slice(0, 1500)));
  });

  it('produces only records the register import accepts (DIN SPEC 91379 names, dates, check digits)', () => {
    const refused = records
      .map((record) => ({ ref: record.ref, result: validatePersonRecord(record, { today }) }))
      .filter(({ result }) => !result.ok);
    expect(refused.slice(0, 3)).toEqual([]);
    // Stored as given: the import normalises to NFC, so the generator must already produce NFC.
    const text = JSON.stringify(records);
    expect(text === text.normalize('NFC')).toBe(true);
  });

  it('gives every document a unique number with a valid ICAO check digit', () => {
    const numbers = records.flatMap((r) => r.documents.map((d) => `${d.kind}#${d.serialNumber}`));
    expect(new Set(numbers).size).toBe(numbers.length);
    const ids = records.flatMap((r) => r.documents.filter((d) => d.kind === 'personalausweis' || d.kind === 'reisepass'));
    expect(ids.length).toBeGreaterThan(10_000);
    expect(ids.filter((d) => germanDocumentNumberProblem(d.serialNumber) !== null)).toEqual([]);
  });

  it('never lets Hauptwohnungen overlap and leaves the dead without a current residence', () => {
    for (const record of records) {
      const homes = record.residences.filter((r) => r.kind === 'haupt').sort((a, b) => a.movedIn.localeCompare(b.movedIn));
      for (let i = 1; i < homes.length; i += 1) {
        const before = homes[i - 1];
        expect(before?.movedOut, record.ref).toBeTruthy();
        expect((before?.movedOut ?? '') <= (homes[i]?.movedIn ?? ''), record.ref).toBe(true);
      }
      if (record.dateOfDeath) {
        expect(record.residences.every((r) => r.movedOut && r.movedOut <= (record.dateOfDeath ?? '')), record.ref).toBe(true);
      } else {
        expect(homes.filter((h) => !h.movedOut), record.ref).toHaveLength(1);
      }
    }
  });

  it('links spouses, parents and children both ways', () => {
    const byRef = new Map(records.map((r) => [r.ref, r]));
    const opposite = { spouse: 'spouse', child: 'parent', parent: 'child' } as const;
    let spouses = 0;
    for (const record of records) {
      for (const relation of record.relations) {
        if (!relation.ref) continue;
        const other = byRef.get(relation.ref);
        expect(other, `${record.ref} → ${relation.ref}`).toBeDefined();
        if (relation.kind === 'spouse' || relation.kind === 'child' || relation.kind === 'parent') {
          if (relation.kind === 'spouse') spouses += 1;
          const back = other?.relations.some((r) => r.ref === record.ref && r.kind === opposite[relation.kind as keyof typeof opposite]);
          expect(back, `${relation.kind} ${record.ref} ↔ ${relation.ref}`).toBe(true);
        }
      }
    }
    expect(spouses).toBeGreaterThan(4000);
    // Married people share their current flat unless one of them lives in a care home.
    const married = records.filter((r) => r.maritalStatus === 'VH' && !r.dateOfDeath);
    expect(share(married.filter((r) => r.relations.some((x) => x.kind === 'spouse')).length, married.length)).toBeGreaterThan(0.97);
  });

  it('contains Frau K., 88, three months in the Seniorenzentrum Am Stadtpark, with an expired Personalausweis and her daughter elsewhere in Bochum', () => {
    const byRef = new Map(records.map((r) => [r.ref, r]));
    const frauK = byRef.get(demoPersonas.frauK);
    expect(frauK?.familyName).toBe('Kowalski');
    expect(frauK && ageOf(frauK)).toBe(88);
    const home = city.institutions.find((i) => i.name === frauKHomeName);
    const stay = frauK && currentHome(frauK);
    expect(stay?.address.street).toBe(home?.address.street);
    expect(stay?.address.houseNumber).toBe(home?.address.houseNumber);
    // Three months: 91 days before the reference date.
    expect(stay?.movedIn).toBe('2026-08-21');
    const card = frauK?.documents.find((d) => d.kind === 'personalausweis');
    expect(card?.status).toBe('valid');
    expect((card?.validUntil ?? '9999') < today).toBe(true);
    expect(frauK?.blocks.some((b) => b.kind === 'bedingter_sperrvermerk')).toBe(true);
    const daughterRef = frauK?.relations.find((r) => r.kind === 'child')?.ref;
    expect(daughterRef).toBe(demoPersonas.daughter);
    const daughter = byRef.get(demoPersonas.daughter);
    const daughtersHome = daughter && currentHome(daughter);
    expect(daughtersHome?.address.city).toBe('Bochum');
    expect(daughtersHome?.address.street).not.toBe(stay?.address.street);
    expect(byRef.get(demoPersonas.husband)?.dateOfDeath).toBeTruthy();
    expect(byRef.get(demoPersonas.grandson)?.relations.some((r) => r.kind === 'parent' && r.ref === demoPersonas.daughter)).toBe(true);
  });

  it('fills about ten care homes with 30–80 very old residents, most with the bedingte Sperrvermerk of § 52', () => {
    expect(city.institutions.length).toBeGreaterThanOrEqual(10);
    const key = (a: { street: string; houseNumber: string; postcode: string }) => `${a.street}|${a.houseNumber}|${a.postcode}`;
    const homes = new Map(city.institutions.map((i) => [key(i.address), [] as PersonRecord[]]));
    for (const record of living(records)) {
      const stay = currentHome(record);
      if (stay) homes.get(key(stay.address))?.push(record);
    }
    const residents = [...homes.values()].flat();
    for (const [address, people] of homes) {
      expect(people.length, address).toBeGreaterThanOrEqual(30);
      expect(people.length, address).toBeLessThanOrEqual(80);
    }
    expect(share(residents.filter((r) => ageOf(r) >= 80).length, residents.length)).toBeGreaterThan(0.75);
    expect(share(residents.filter((r) => ageOf(r) >= 85).length, residents.length)).toBeGreaterThan(0.5);
    expect(share(residents.filter((r) => r.blocks.some((b) => b.kind === 'bedingter_sperrvermerk')).length, residents.length)).toBeGreaterThan(0.75);
    const betreut = residents.filter((r) => r.relations.some((x) => x.kind === 'betreuer'));
    expect(betreut.length).toBeGreaterThan(residents.length * 0.15);
    expect(betreut.every((r) => r.relations.some((x) => x.kind === 'betreuer' && x.externalName && x.scope?.includes('aufenthaltsbestimmung')))).toBe(true);
    for (const institution of city.institutions) {
      expect(institution.email).toMatch(/@[a-z0-9-]+\.example\.org$/);
      expect(Object.keys(institution.visitingHours)).toHaveLength(7);
    }
  });

  it('has the age structure of a Ruhr city, many over 80', () => {
    const people = living(records);
    const over80 = share(people.filter((r) => ageOf(r) >= 80).length, people.length);
    const minors = share(people.filter((r) => ageOf(r) < 18).length, people.length);
    expect(over80).toBeGreaterThan(0.06);
    expect(over80).toBeLessThan(0.11);
    expect(minors).toBeGreaterThan(0.12);
    expect(minors).toBeLessThan(0.19);
    expect(people.some((r) => ageOf(r) >= 100)).toBe(true);
    // Marital status follows age: no married child, the widowed are mostly old (in Germany ~90 % are 60 or older).
    expect(people.filter((r) => ageOf(r) < 18 && r.maritalStatus !== 'LD')).toEqual([]);
    const widowed = people.filter((r) => r.maritalStatus === 'VW');
    expect(share(widowed.filter((r) => ageOf(r) >= 60).length, widowed.length)).toBeGreaterThan(0.85);
  });

  it('follows the German ranking of family names, with Ruhr, Turkish and Polish names', () => {
    const counts = new Map<string, number>();
    for (const record of records) counts.set(record.familyName, (counts.get(record.familyName) ?? 0) + 1);
    const ranking = [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name);
    expect(ranking.slice(0, 2)).toEqual(['Müller', 'Schmidt']);
    expect(ranking.slice(0, 12)).toEqual(expect.arrayContaining(['Schneider', 'Weber']));
    expect(counts.size).toBeGreaterThan(300);
    for (const name of ['Kowalski', 'Nowak', 'Schimanski', 'Yılmaz', 'Kaya', 'Öztürk', 'Meier', 'Maier', 'Mayer', 'Schmitt', 'Schmid', 'Weiß', 'Groß']) {
      expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
    }
  });

  it('chooses given names by birth decade', () => {
    const firstNames = (from: number, to: number, sex: 'm' | 'w') =>
      records.filter((r) => r.sex === sex && r.birthPlace !== null && Number((r.birthDate ?? '0').slice(0, 4)) >= from && Number((r.birthDate ?? '0').slice(0, 4)) <= to)
        .map((r) => r.givenNames[0]);
    const oldWomen = firstNames(1925, 1940, 'w');
    const boys = firstNames(2012, 2022, 'm');
    expect(oldWomen.filter((n) => ['Mia', 'Emilia', 'Leonie', 'Lea'].includes(n ?? ''))).toEqual([]);
    expect(boys.filter((n) => ['Günter', 'Horst', 'Manfred', 'Wolfgang'].includes(n ?? ''))).toEqual([]);
    const thirties = new Set([...(germanGivenNamesByDecade[1920]?.w ?? []), ...(germanGivenNamesByDecade[1930]?.w ?? []), ...(germanGivenNamesByDecade[1940]?.w ?? [])]);
    expect(share(oldWomen.filter((n) => thirties.has(n ?? '')).length, oldWomen.length)).toBeGreaterThan(0.7);
    for (const name of ['Ursula', 'Helga', 'Gertrud']) expect(oldWomen, name).toContain(name);
    for (const name of ['Ben', 'Paul', 'Leon']) expect(boys, name).toContain(name);
  });

  it('has the shares of nationalities, religions, blocks, deaths and doctors of a city like Bochum', () => {
    const people = living(records);
    const withDe = share(people.filter((r) => r.nationalities.includes('DE')).length, people.length);
    expect(withDe).toBeGreaterThan(0.84);
    expect(withDe).toBeLessThan(0.93);
    const nationalities = new Set(people.flatMap((r) => r.nationalities));
    for (const code of ['TR', 'PL', 'SY', 'RO', 'IT', 'GR', 'UA']) expect(nationalities, code).toContain(code);
    expect(people.filter((r) => r.nationalities.length === 2).length).toBeGreaterThan(200);
    const rk = share(people.filter((r) => r.religion === 'rk').length, people.length);
    const ev = share(people.filter((r) => r.religion === 'ev').length, people.length);
    expect(rk).toBeGreaterThan(0.18);
    expect(rk).toBeLessThan(0.3);
    expect(ev).toBeGreaterThan(0.15);
    expect(ev).toBeLessThan(0.28);
    const sperre = share(people.filter((r) => r.blocks.some((b) => b.kind === 'auskunftssperre')).length, people.length);
    expect(sperre).toBeGreaterThan(0.002);
    expect(sperre).toBeLessThan(0.012);
    const scopes = new Set(people.flatMap((r) => r.blocks.filter((b) => b.kind === 'uebermittlungssperre').map((b) => b.scope)));
    for (const scope of ['bmg_42_3', 'bmg_50_1', 'bmg_36_2']) expect(scopes, scope).toContain(scope);
    const dead = share(records.filter((r) => r.dateOfDeath).length, records.length);
    expect(dead).toBeGreaterThan(0.005);
    expect(dead).toBeLessThan(0.02);
    const doctors = share(people.filter((r) => r.doctoralDegree).length, people.length);
    expect(doctors).toBeGreaterThan(0.005);
    expect(doctors).toBeLessThan(0.02);
    const adults = people.filter((r) => ageOf(r) >= 18);
    expect(share(adults.filter((r) => r.documents.some((d) => d.kind === 'personalausweis')).length, adults.length)).toBeGreaterThan(0.7);
    expect(adults.some((r) => r.documents.some((d) => d.kind === 'personalausweis' && d.status === 'valid' && d.validUntil < today))).toBe(true);
    expect(share(people.filter((r) => r.birthName).length, people.length)).toBeGreaterThan(0.1);
    expect(people.some((r) => r.formerNames.length > 0)).toBe(true);
    expect(people.some((r) => r.preferredGivenName !== null && r.preferredGivenName !== undefined)).toBe(true);
    expect(people.some((r) => r.residences.some((s) => s.kind === 'neben'))).toBe(true);
    expect(people.some((r) => r.residences.some((s) => s.address.addition))).toBe(true);
  });

  it('places Bochum addresses inside the city with plausible postcodes', () => {
    const bochum = records.flatMap((r) => r.residences.map((s) => s.address)).filter((a) => a.ags === '05911000');
    expect(bochum.length).toBeGreaterThan(20_000);
    const postcode = /^(447[89]\d|448[01]\d|4486[6-9]|44879|4489[2-4])$/;
    const inside = (a: PersonRecord['residences'][number]['address']) =>
      postcode.test(a.postcode) && (a.latitude ?? 0) >= 51.43 && (a.latitude ?? 0) <= 51.53 && (a.longitude ?? 0) >= 7.1 && (a.longitude ?? 0) <= 7.35;
    expect(bochum.filter((a) => !inside(a))).toEqual([]);
    // One house, one point: everyone at the same address gets the same coordinates.
    const points = new Map<string, string>();
    const moved: string[] = [];
    for (const address of bochum) {
      const key = `${address.street} ${address.houseNumber} ${address.postcode}`;
      const point = `${address.latitude},${address.longitude}`;
      if ((points.get(key) ?? point) !== point) moved.push(key);
      points.set(key, point);
    }
    expect(moved).toEqual([]);
  });

  it('batches whole households, so every relation resolves inside its batch', () => {
    let total = 0;
    const batches = [...city.batches(1000)];
    const outside: string[] = [];
    batches.forEach((batch, i) => {
      if (i < batches.length - 1) expect(batch.length).toBeGreaterThanOrEqual(1000);
      const refs = new Set(batch.map((r) => r.ref));
      for (const record of batch) for (const relation of record.relations) if (relation.ref && !refs.has(relation.ref)) outside.push(relation.ref);
      total += batch.length;
    });
    expect(outside).toEqual([]);
    expect(total).toBe(20_000);
  });
});

describe('generateCity sizes', () => {
  it('makes small cities with all personas and at least one resident per care home', () => {
    const records = [...generateCity({ residents: 300, seed: 5, referenceDate }).persons()];
    expect(records).toHaveLength(300);
    expect(records[0]?.ref).toBe(demoPersonas.frauK);
    const refs = new Set(records.map((r) => r.ref));
    expect(records.every((r) => r.relations.every((x) => !x.ref || refs.has(x.ref)))).toBe(true);
  });

  it('generates a million residents lazily, without building them first', () => {
    const started = performance.now();
    const first = generateCity({ residents: 1_000_000, seed: 1, referenceDate }).batches(2000).next();
    expect(first.value?.length).toBeGreaterThanOrEqual(2000);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it.each([0, 49, 1_000_001, 12.5])('refuses %s residents', (residents) => {
    expect(() => generateCity({ residents, seed: 1, referenceDate })).toThrow(RangeError);
  });
});
