import { describe, expect, it } from 'vitest';
import { searchNameOf } from './name-index.ts';
import { parseNameQuery } from './query.ts';
import { personScoreRules, rankPersons, scorePerson, type CandidateScores, type RankablePerson } from './ranking.ts';

const person = (id: string, givenNames: string[], familyName: string, extra: Partial<RankablePerson> = {}): RankablePerson => ({
  id, givenNames, familyName, searchName: searchNameOf({ givenNames, familyName }), ...extra,
});
const candidates = (...perToken: Record<string, number>[]): CandidateScores =>
  new Map(perToken.map((scores, index) => [index, new Map(Object.entries(scores))]));

const { exactSpellingBonus: bonus, unmatchedNamePenalty: unmatched, swappedOrderPenalty: swapped, roleMismatchFactor: mismatch, birthNameWeight } = personScoreRules;

describe('scorePerson', () => {
  it.each([
    {
      name: 'every part typed exactly as registered',
      query: 'Hans Müller', scores: candidates({ hans: 1 }, { mueller: 1 }), person: person('1', ['Hans'], 'Müller'),
      raw: 2 + 2 * bonus, final: 2 + 2 * bonus, matched: 2,
    },
    {
      name: 'a given name the query does not mention costs a little',
      query: 'Hans Müller', scores: candidates({ hans: 1 }, { mueller: 1 }), person: person('1', ['Hans', 'Peter'], 'Müller'),
      raw: 2 + 2 * bonus, final: 2 + 2 * bonus - unmatched, matched: 2,
    },
    {
      name: 'a candidate scores what the token rules gave it',
      query: 'Hans Müller', scores: candidates({ hans: 1 }, { mueller: 1, moeller: 0.85 }), person: person('1', ['Hans'], 'Möller'),
      raw: 1 + bonus + 0.85, final: 1 + bonus + 0.85, matched: 2,
    },
    {
      name: 'swapped order: family name first costs the swap penalty',
      query: 'Müller Hans', scores: candidates({ mueller: 1 }, { hans: 1 }), person: person('1', ['Hans'], 'Müller'),
      raw: 2 + 2 * bonus - swapped, final: 2 + 2 * bonus - swapped, matched: 2,
    },
    {
      name: 'order stated with a comma: no penalty',
      query: 'Müller, Hans', scores: candidates({ mueller: 1 }, { hans: 1 }), person: person('1', ['Hans'], 'Müller'),
      raw: 2 + 2 * bonus, final: 2 + 2 * bonus, matched: 2,
    },
    {
      name: 'order stated with a comma the other way round: both roles mismatch',
      query: 'Hans, Müller', scores: candidates({ hans: 1 }, { mueller: 1 }), person: person('1', ['Hans'], 'Müller'),
      raw: 2 * (1 + bonus) * mismatch, final: 2 * (1 + bonus) * mismatch, matched: 2,
    },
    {
      name: 'a Geburtsname counts a little less than the family name',
      query: 'Eva Becker', scores: candidates({ eva: 1 }, { becker: 1 }), person: person('1', ['Eva'], 'Schulz', { birthName: 'Becker' }),
      raw: 1 + bonus + birthNameWeight + bonus, final: 1 + bonus + birthNameWeight + bonus, matched: 2,
    },
    {
      name: 'typed without umlaut: no exact-spelling bonus for that part',
      query: 'Hans Mueller', scores: candidates({ hans: 1 }, { mueller: 1 }), person: person('1', ['Hans'], 'Müller'),
      raw: 2 + bonus, final: 2 + bonus, matched: 2,
    },
    {
      name: 'a part matching nothing adds nothing',
      query: 'Hans Xyz', scores: candidates({ hans: 1 }, {}), person: person('1', ['Hans'], 'Müller'),
      raw: 1 + bonus, final: 1 + bonus - unmatched, matched: 1,
    },
  ])('$name', ({ query, scores, person: p, raw, final, matched }) => {
    const score = scorePerson(parseNameQuery(query), scores, p);
    expect(score.raw).toBeCloseTo(raw, 10);
    expect(score.final).toBeCloseTo(final, 10);
    expect(score.matched).toBe(matched);
  });
});

describe('rankPersons', () => {
  const ids = (query: string, scores: CandidateScores, persons: RankablePerson[]) =>
    rankPersons(parseNameQuery(query), scores, persons).map((r) => r.person.id);

  it('ranks exact over spelling variant over extra given name, and drops persons matching nothing', () => {
    const persons = [
      person('peter-mueller', ['Hans', 'Peter'], 'Müller'),
      person('moeller', ['Hans'], 'Möller'),
      person('schmidt', ['Maria'], 'Schmidt'),
      person('mueller', ['Hans'], 'Müller'),
    ];
    expect(ids('Hans Müller', candidates({ hans: 1 }, { mueller: 1, moeller: 0.85 }), persons)).toEqual(['mueller', 'peter-mueller', 'moeller']);
  });

  it('prefers the registered spelling the user typed', () => {
    const persons = [person('umlaut', ['Hans'], 'Müller'), person('ue', ['Hans'], 'Mueller')];
    const scores = candidates({ hans: 1 }, { mueller: 1 });
    expect(ids('Hans Mueller', scores, persons)).toEqual(['ue', 'umlaut']);
    expect(ids('Hans Müller', scores, persons)).toEqual(['umlaut', 'ue']);
  });

  it('keeps only persons with a given name starting with each typed initial', () => {
    const persons = [person('hans', ['Hans'], 'Schmidt'), person('maria', ['Maria'], 'Schmidt'), person('mh', ['Maria', 'Helene'], 'Schmidt')];
    expect(ids('H. Schmidt', candidates({ schmidt: 1 }), persons)).toEqual(['hans', 'mh']);
  });

  it('breaks ties by search name, then id, whatever the input order', () => {
    const persons = [person('b', ['Hans'], 'Müller'), person('c', ['Anna'], 'Müller'), person('a', ['Hans'], 'Müller')];
    const scores = candidates({ mueller: 1 });
    expect(ids('Müller', scores, persons)).toEqual(['c', 'a', 'b']);
    expect(ids('Müller', scores, [...persons].reverse())).toEqual(['c', 'a', 'b']);
  });
});
