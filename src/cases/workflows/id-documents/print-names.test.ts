import { describe, expect, it } from 'vitest';
import { FAMILY_NAME_LINE_LIMIT, GIVEN_NAMES_LINE_LIMIT, printedNames } from './print-names.ts';

describe('printedNames (print-line limits)', () => {
  it.each([
    {
      name: 'short names stay as they are',
      input: { familyName: 'Krüger', birthName: 'Lehmann', givenNames: ['Hildegard', 'Maria'], preferredGivenName: 0 },
      want: { familyNameLine: 'Krüger', birthNameLine: 'Lehmann', givenNamesLine: 'Hildegard Maria', truncated: false },
    },
    {
      name: 'the birth name equal to the family name is not repeated',
      input: { familyName: 'Nowak', birthName: 'Nowak', givenNames: ['Jan'], preferredGivenName: null },
      want: { familyNameLine: 'Nowak', birthNameLine: null, givenNamesLine: 'Jan', truncated: false },
    },
    {
      name: 'too many given names: trailing ones are dropped, the gebräuchliche stays',
      input: {
        familyName: 'von Hohenstein', birthName: null, preferredGivenName: 5,
        givenNames: ['Maximilian', 'Friedrich', 'Wilhelm', 'Konstantin', 'Bartholomäus', 'Leopold'],
      },
      want: { familyNameLine: 'von Hohenstein', birthNameLine: null, givenNamesLine: 'Maximilian Friedrich Wilhelm Konstantin Leopold', truncated: true },
    },
    {
      name: 'a family name longer than the field is cut',
      input: { familyName: 'Freifrau von und zu Hohenstein-Wartenberg-Schwarzenfels', birthName: null, givenNames: ['Anna'], preferredGivenName: null },
      want: { familyNameLine: 'Freifrau von und zu Hohenstein-Wartenberg-Schwarzenf', birthNameLine: null, givenNamesLine: 'Anna', truncated: true },
    },
  ])('$name', ({ input, want }) => {
    const result = printedNames(input);
    expect(result).toEqual(want);
    expect([...result.familyNameLine].length).toBeLessThanOrEqual(FAMILY_NAME_LINE_LIMIT);
    expect([...result.givenNamesLine].length).toBeLessThanOrEqual(GIVEN_NAMES_LINE_LIMIT);
  });

  it('counts characters, not UTF-16 units or bytes (DIN SPEC 91379 letters)', () => {
    const name = 'Ł'.repeat(FAMILY_NAME_LINE_LIMIT);
    expect(printedNames({ familyName: name, birthName: null, givenNames: ['Ŏ'], preferredGivenName: null }).truncated).toBe(false);
  });
});
