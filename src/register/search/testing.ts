import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { parsePartialDate } from '../dates.ts';
import { addresses, personBlocks, personNameTokens, persons, residences } from '../schema.ts';
import { personNameTokenRows, searchNameOf, updateNameLexicon } from './name-index.ts';

export interface TestPerson {
  familyName: string;
  givenNames: string[];
  birthName?: string | null;
  formerNames?: { familyName: string }[];
  preferredGivenName?: number | null;
  doctoralDegree?: string | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate?: string | null;
  sex?: 'm' | 'w' | 'd' | 'x';
  dateOfDeath?: string | null;
  address?: { street: string; houseNumber: string; postcode?: string; city?: string; movedIn?: string; movedOut?: string | null; kind?: 'haupt' | 'neben' };
  blocks?: { kind: 'auskunftssperre' | 'bedingter_sperrvermerk' | 'uebermittlungssperre'; validFrom: string; validUntil?: string | null }[];
}

/**
 * Writes a person straight into the register tables (person, name index, lexicon, address,
 * residence, blocks), the way the import does, for search tests. Returns the person's id.
 */
export async function insertTestPerson(db: Db, municipalityId: string, person: TestPerson): Promise<string> {
  const id = randomUUID();
  const birth = person.birthDate ? parsePartialDate(person.birthDate) : null;
  await db.insert(persons).values({
    id, municipalityId,
    familyName: person.familyName, givenNames: person.givenNames, birthName: person.birthName ?? null,
    formerNames: (person.formerNames ?? []).map((former) => ({ familyName: former.familyName })),
    preferredGivenName: person.preferredGivenName ?? null, doctoralDegree: person.doctoralDegree ?? null,
    birthYear: birth?.year ?? null, birthMonth: birth?.month ?? null, birthDay: birth?.day ?? null,
    sex: person.sex ?? 'x', nationalities: ['DE'], dateOfDeath: person.dateOfDeath ?? null,
    searchName: searchNameOf(person),
  });
  const tokenRows = personNameTokenRows(municipalityId, id, person);
  await db.insert(personNameTokens).values(tokenRows);
  await updateNameLexicon(db, municipalityId, tokenRows.map((row) => row.token));
  if (person.address) {
    const a = person.address;
    const addressKey = `${a.street}|${a.houseNumber}|${randomUUID()}`;
    const [address] = await db.insert(addresses).values({
      municipalityId, street: a.street, houseNumber: a.houseNumber, postcode: a.postcode ?? '44787', city: a.city ?? 'Bochum',
      ags: '05911000', addressKey,
    }).returning({ id: addresses.id });
    if (!address) throw new Error('address insert returned nothing');
    await db.insert(residences).values({
      municipalityId, personId: id, addressId: address.id, kind: a.kind ?? 'haupt', movedIn: a.movedIn ?? '2000-01-01', movedOut: a.movedOut ?? null,
    });
  }
  for (const block of person.blocks ?? []) {
    await db.insert(personBlocks).values({ municipalityId, personId: id, kind: block.kind, validFrom: block.validFrom, validUntil: block.validUntil ?? null });
  }
  return id;
}
