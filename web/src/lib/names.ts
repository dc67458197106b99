/** How names and addresses of the register read in the office app. */

export interface GivenNamePart {
  name: string;
  preferred: boolean;
}

/**
 * Given names in order, the gebräuchlicher Vorname flagged. The register names it by position,
 * the search API by the name itself; either way at most one part is marked.
 */
export function givenNameParts(givenNames: readonly string[], preferred: number | string | null | undefined): GivenNamePart[] {
  const index = typeof preferred === 'string' ? givenNames.indexOf(preferred) : (preferred ?? -1);
  return givenNames.map((name, i) => ({ name, preferred: i === index }));
}

export interface NameLike {
  familyName: string;
  givenNames: readonly string[];
  doctoralDegree?: string | null;
}

/** "Dr. Anna Maria Schmidt" — the doctoral degree belongs to the name in German registers. */
export function fullName(person: NameLike): string {
  return [person.doctoralDegree, ...person.givenNames, person.familyName].filter(Boolean).join(' ');
}

/** "Schmidt, Anna Maria" for lists sorted by family name. */
export function sortName(person: NameLike): string {
  const given = [person.doctoralDegree, ...person.givenNames].filter(Boolean).join(' ');
  return given ? `${person.familyName}, ${given}` : person.familyName;
}

export interface AddressLike {
  street: string;
  houseNumber: string;
  addition?: string | null;
  postcode: string;
  city: string;
}

/** "Hauptstraße 12a, bei Schmidt, 44787 Bochum" */
export function formatAddress(address: AddressLike | null | undefined): string {
  if (!address) return '';
  const street = `${address.street} ${address.houseNumber}`.trim();
  return [street, address.addition, `${address.postcode} ${address.city}`.trim()].filter(Boolean).join(', ');
}
