import { describe, expect, it } from 'vitest';
import { emptyPortalForm, portalFieldOf, portalFormSchema, portalRequestBody, proofProblem, type PortalForm } from './portal-form.ts';

const filled: PortalForm = {
  ...emptyPortalForm,
  requester: { ...emptyPortalForm.requester, name: ' Petra Kowalski ', relation: 'relative', email: 'petra@example.org', postalAddress: 'Hauptstraße 1\n\n44787 Bochum\n' },
  subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '2.4.1938', address: '' },
  services: ['personalausweis'],
  location: { kind: 'institution', institutionName: 'Seniorenzentrum Am Stadtpark', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', addition: 'Zimmer 12' },
  weekdays: ['2', '4'], from: '10:00', to: '12:00', consent: true,
};

describe('public request form model', () => {
  it('turns the form into the server body: ISO birth date, address lines, institution name with the addition, one window per weekday', () => {
    expect(portalFormSchema.safeParse(filled).success).toBe(true);
    expect(portalRequestBody(filled)).toEqual({
      consent: true,
      requester: { name: 'Petra Kowalski', relation: 'relative', email: 'petra@example.org', postalAddress: ['Hauptstraße 1', '44787 Bochum'], preferredContact: 'email' },
      subject: { familyName: 'Kowalski', givenNames: 'Erna', birthDate: '1938-04-02' },
      services: ['personalausweis'],
      location: { kind: 'institution', street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', addition: 'Seniorenzentrum Am Stadtpark, Zimmer 12' },
      availability: [{ weekday: 2, from: '10:00', to: '12:00' }, { weekday: 4, from: '10:00', to: '12:00' }],
      urgency: 'normal', urgencyReason: null, notes: null,
    });
  });

  it('replies by phone when email was chosen but only a phone number given', () => {
    const body = portalRequestBody({ ...filled, requester: { ...filled.requester, email: '', phone: '0234 1' } });
    expect(body.requester.preferredContact).toBe('phone');
  });

  it.each([
    ['no consent', { consent: false }, 'consent', 'portal.form.consentRequired'],
    ['no service', { services: [] }, 'services', 'portal.form.servicesRequired'],
    ['no way to reach the requester', { requester: { ...filled.requester, email: '', phone: '' } }, 'requester.email', 'portal.form.contactHint'],
    ['a four-digit postcode', { location: { ...filled.location, postcode: '4479' } }, 'location.postcode', 'portal.form.postcodeInvalid'],
    ['an urgency without reason', { urgency: 'urgent' as const }, 'urgencyReason', 'validation.required'],
    ['a birth date that does not exist', { subject: { ...filled.subject, birthDate: '31.02.1938' } }, 'subject.birthDate', 'portal.form.birthDateInvalid'],
  ])('refuses %s', (_name, change, path, message) => {
    const result = portalFormSchema.safeParse({ ...filled, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toContainEqual(expect.objectContaining({ path: path.split('.'), message }));
  });

  it.each([
    ['betreuer', null, 'portal.form.proofRequired'],
    ['bevollmaechtigter', null, 'portal.form.proofRequired'],
    ['relative', null, null],
    ['betreuer', { size: 1000, type: 'application/pdf' }, null],
    ['betreuer', { size: 1000, type: 'image/heic' }, 'portal.form.proofType'],
    ['betreuer', { size: 11 * 1024 * 1024, type: 'image/png' }, 'portal.form.proofTooLarge'],
  ])('proof for %s with %j → %s', (relation, file, expected) => {
    expect(proofProblem(relation, file)).toBe(expected);
  });

  it('maps server fields to form fields', () => {
    expect(portalFieldOf('services.2')).toBe('services');
    expect(portalFieldOf('availability.0.to')).toBe('from');
    expect(portalFieldOf('requester.email')).toBe('requester.email');
  });
});
