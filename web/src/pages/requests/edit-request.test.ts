import { describe, expect, it } from 'vitest';
import type { RequestView } from '../../api/requests.ts';
import { editRequestBody, formFromView } from './EditRequest.tsx';

const mailDraft = {
  id: 'r1', version: 3, status: 'draft', services: [], location: null,
  subject: { familyName: '', givenNames: '' },
  requester: { name: 'Sabine Muster', relation: 'other', email: 'sabine@example.org', preferredContact: 'email' },
} as unknown as RequestView;

describe('editing a request', () => {
  it('starts from the stored request and keeps what the form does not show', () => {
    const values = formFromView(mailDraft);
    expect(values.requester).toMatchObject({ name: 'Sabine Muster', relation: 'other', email: 'sabine@example.org', preferredContact: 'email', postalAddress: '' });
    expect(values.location.kind).toBe('');
    expect(editRequestBody(mailDraft, values, false)).toEqual({
      version: 3, subject: { familyName: '', givenNames: '', birthDate: undefined, address: undefined },
      requester: { name: 'Sabine Muster', relation: 'other', organisation: undefined, phone: undefined, email: 'sabine@example.org', postalAddress: undefined, preferredContact: 'email', easyLanguage: undefined },
      services: [], location: null,
    });
  });

  it('completes a mail draft as open with subject, services and a typed home address', () => {
    const values = formFromView(mailDraft);
    values.subject = { ...values.subject, familyName: 'Muster', givenNames: 'Erna', birthDate: '1936-02-11' };
    values.requester.relation = 'relative';
    values.services = ['personalausweis'];
    values.location = { ...values.location, kind: 'home', street: 'Weg', houseNumber: '1', postcode: '44787', city: 'Bochum' };
    const body = editRequestBody(mailDraft, values, true);
    expect(body).toMatchObject({ version: 3, open: true, services: ['personalausweis'], requester: { relation: 'relative' }, subject: { familyName: 'Muster', givenNames: 'Erna', birthDate: '1936-02-11' } });
    expect(body.location).toEqual({ kind: 'home', street: 'Weg', houseNumber: '1', postcode: '44787', city: 'Bochum', addition: undefined });
  });

  it('keeps the register address linked until the address is changed', () => {
    const matched = { ...mailDraft, status: 'open', location: { kind: 'home', addressId: 'a1', street: 'Weg', houseNumber: '1', postcode: '44787', city: 'Bochum' } } as RequestView;
    const values = formFromView(matched);
    expect(editRequestBody(matched, values, false).location).toMatchObject({ addressId: 'a1' });
    values.location.houseNumber = '3';
    expect(editRequestBody(matched, values, false).location).not.toHaveProperty('addressId');
  });
});
