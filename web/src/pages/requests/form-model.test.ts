import { describe, expect, it } from 'vitest';
import type { RequestSummary } from '../../api/requests.ts';
import { emptyPhoneForm, formFieldOf, phoneFormSchema, phoneRequestBody } from './NewRequestPage.tsx';
import { sortForDispatcher } from './RequestListPage.tsx';
import { intakeSearchParams } from './IntakeMatch.tsx';

describe('phone intake form', () => {
  it('turns the form into the server body: blanks left out, address lines split, weekday a number, no location', () => {
    const values = phoneFormSchema.parse({
      ...emptyPhoneForm,
      requester: { ...emptyPhoneForm.requester, name: ' Eva Muster ', relation: 'relative', postalAddress: 'Weg 1\n\n44787 Bochum', preferredContact: 'letter' },
      subject: { familyName: 'Muster', givenNames: 'Karl', birthDate: '1940', address: '' },
      services: ['personalausweis'], availability: [{ weekday: '2', from: '09:00', to: '11:30' }],
    });
    const body = phoneRequestBody(values, 'open');
    expect(body.requester).toEqual({ name: 'Eva Muster', relation: 'relative', organisation: undefined, phone: undefined, email: undefined, postalAddress: ['Weg 1', '44787 Bochum'], preferredContact: 'letter', easyLanguage: undefined });
    expect(body.subject).toEqual({ familyName: 'Muster', givenNames: 'Karl', birthDate: '1940', address: undefined });
    expect(body.location).toBeNull();
    expect(body.availability).toEqual([{ weekday: 2, from: '09:00', to: '11:30' }]);
    expect(body.neededBy).toBeNull();
  });

  it('rejects a time that is not HH:MM', () => {
    const result = phoneFormSchema.safeParse({ ...emptyPhoneForm, requester: { ...emptyPhoneForm.requester, name: 'A' }, subject: { ...emptyPhoneForm.subject, familyName: 'B', givenNames: 'C' }, availability: [{ weekday: '1', from: '9 Uhr', to: '12:00' }] });
    expect(result.success).toBe(false);
  });

  it('maps server fields to form fields', () => {
    expect(formFieldOf('services.0')).toBe('services');
    expect(formFieldOf('availability.1')).toBe('availability.1.from');
    expect(formFieldOf('availability.1.to')).toBe('availability.1.to');
    expect(formFieldOf('requester.email')).toBe('requester.email');
  });
});

describe('request list order', () => {
  const row = (id: string, status: string, channel: string, createdAt: string) => ({ id, status, channel, createdAt }) as RequestSummary;
  it('puts mail drafts first, then by status, newest first', () => {
    const sorted = sortForDispatcher([
      row('a', 'open', 'phone', '2026-12-01'), row('b', 'draft', 'email', '2026-11-01'), row('c', 'eligible', 'web', '2026-12-02'),
      row('d', 'open', 'phone', '2026-12-02'), row('e', 'draft', 'phone', '2026-12-02'),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['b', 'e', 'd', 'a', 'c']);
  });
});

describe('phone intake: institution and register match', () => {
  const institution = {
    id: 'inst-1', name: 'Seniorenzentrum Am Stadtpark', kind: 'care_home', street: 'Parkallee', houseNumber: '3', postcode: '44787', city: 'Bochum',
    phone: null, email: null, visitingHours: {},
  };
  const base = {
    ...emptyPhoneForm,
    requester: { ...emptyPhoneForm.requester, name: 'Pflegedienstleitung' },
    subject: { familyName: 'Kowalski', givenNames: 'Helga', birthDate: '', address: '' },
  };

  it('takes the address of a Sammeltermin from the chosen institution, with the room as the addition', () => {
    const values = phoneFormSchema.parse({ ...base, location: { ...emptyPhoneForm.location, kind: 'institution', institutionId: 'inst-1', addition: 'Zimmer 12' } });
    expect(phoneRequestBody(values, 'open', [institution]).location).toEqual({
      kind: 'institution', institutionId: 'inst-1', street: 'Parkallee', houseNumber: '3', postcode: '44787', city: 'Bochum', addition: 'Zimmer 12',
    });
  });

  it('asks for the institution when the place is an institution', () => {
    const result = phoneFormSchema.safeParse({ ...base, location: { ...emptyPhoneForm.location, kind: 'institution' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['location', 'institutionId'], message: 'requests.form.institutionMissing' });
  });

  it('searches the register once two letters of the family name are typed, with a birth date only when it is a valid one', () => {
    expect(intakeSearchParams({ familyName: 'K', givenNames: 'Helga', birthDate: '' })).toBeNull();
    expect(intakeSearchParams({ familyName: ' Kowalski ', givenNames: 'Helga', birthDate: '1938-0' })).toEqual({ name: 'Helga Kowalski' });
    expect(intakeSearchParams({ familyName: 'Kowalski', givenNames: '', birthDate: '1938-04' })).toEqual({ name: 'Kowalski', birthDate: '1938-04' });
  });
});
