// The public request form's model (pure): the zod schema with translation keys as messages, and
// the form's values as the server's body. Kept apart from the page so it can be unit-tested.
import { z } from 'zod';
import type { PortalRequestBody } from '../../api/portal.ts';
import { requesterRelations, urgencies } from '../../api/requests.ts';
import { parsePartialDate } from '../../lib/dates.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'portal.form.timeInvalid');
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const portalFormSchema = z.object({
  requester: z.object({
    name: z.string().trim().min(1, 'validation.required'),
    relation: z.enum(requesterRelations),
    organisation: z.string(),
    email: z.string().trim().refine((v) => v === '' || email.test(v), 'validation.email'),
    phone: z.string(),
    postalAddress: z.string(),
    preferredContact: z.enum(['email', 'phone', 'letter']),
  }),
  subject: z.object({
    familyName: z.string().trim().min(1, 'validation.required'),
    givenNames: z.string().trim().min(1, 'validation.required'),
    birthDate: z.string().trim().refine((v) => v === '' || parsePartialDate(v).ok, 'portal.form.birthDateInvalid'),
    address: z.string(),
  }),
  services: z.array(z.string()).min(1, 'portal.form.servicesRequired'),
  location: z.object({
    kind: z.enum(['home', 'institution']),
    institutionName: z.string(),
    street: z.string().trim().min(1, 'validation.required'),
    houseNumber: z.string().trim().min(1, 'validation.required'),
    postcode: z.string().trim().regex(/^\d{5}$/, 'portal.form.postcodeInvalid'),
    city: z.string().trim().min(1, 'validation.required'),
    addition: z.string(),
  }),
  weekdays: z.array(z.string()),
  from: time,
  to: time,
  urgency: z.enum(urgencies),
  urgencyReason: z.string(),
  notes: z.string(),
  consent: z.boolean().refine((v) => v, 'portal.form.consentRequired'),
})
  .refine((v) => v.requester.email.trim() !== '' || v.requester.phone.trim() !== '', { path: ['requester', 'email'], message: 'portal.form.contactHint' })
  .refine((v) => v.location.kind !== 'institution' || v.location.institutionName.trim() !== '', { path: ['location', 'institutionName'], message: 'validation.required' })
  .refine((v) => v.urgency === 'normal' || v.urgencyReason.trim() !== '', { path: ['urgencyReason'], message: 'validation.required' });

export type PortalForm = z.infer<typeof portalFormSchema>;

export const emptyPortalForm: PortalForm = {
  requester: { name: '', relation: 'self', organisation: '', email: '', phone: '', postalAddress: '', preferredContact: 'email' },
  subject: { familyName: '', givenNames: '', birthDate: '', address: '' },
  services: [],
  location: { kind: 'home', institutionName: '', street: '', houseNumber: '', postcode: '', city: '', addition: '' },
  weekdays: [], from: '09:00', to: '16:00', urgency: 'normal', urgencyReason: '', notes: '', consent: false,
};

export const relationsNeedingProof: readonly string[] = ['betreuer', 'bevollmaechtigter'];
export const maxProofBytes = 10 * 1024 * 1024;
const proofTypes = ['application/pdf', 'image/jpeg', 'image/png'];

/** The proof file's problem (translation key), if any: required for Betreuer and Bevollmächtigte, PDF/JPEG/PNG, at most 10 MB. */
export function proofProblem(relation: string, file: { size: number; type: string } | null): string | null {
  if (!file) return relationsNeedingProof.includes(relation) ? 'portal.form.proofRequired' : null;
  if (file.size > maxProofBytes) return 'portal.form.proofTooLarge';
  if (!proofTypes.includes(file.type)) return 'portal.form.proofType';
  return null;
}

const blank = (value: string) => (value.trim() ? value.trim() : undefined);

/** The form's values as the server's body (without the solution, which the page adds). */
export function portalRequestBody(values: PortalForm): Omit<PortalRequestBody, 'solution'> {
  const r = values.requester;
  const l = values.location;
  const lines = r.postalAddress.split('\n').map((line) => line.trim()).filter(Boolean);
  const birth = values.subject.birthDate.trim() ? parsePartialDate(values.subject.birthDate) : null;
  // The institution's name goes with the addition: the office matches it to the register's institution.
  const addition = [l.kind === 'institution' ? l.institutionName.trim() : '', l.addition.trim()].filter(Boolean).join(', ');
  const preferred = r.preferredContact === 'email' && !r.email.trim() ? (r.phone.trim() ? 'phone' : 'letter') : r.preferredContact;
  return {
    consent: values.consent,
    requester: {
      name: r.name.trim(), relation: r.relation, organisation: blank(r.organisation), email: blank(r.email), phone: blank(r.phone),
      postalAddress: lines.length ? lines : undefined, preferredContact: preferred,
    },
    subject: {
      familyName: values.subject.familyName.trim(), givenNames: values.subject.givenNames.trim(),
      birthDate: birth?.ok ? birth.iso : undefined, address: blank(values.subject.address),
    },
    services: values.services,
    location: { kind: l.kind, street: l.street.trim(), houseNumber: l.houseNumber.trim(), postcode: l.postcode.trim(), city: l.city.trim(), addition: addition || undefined },
    availability: values.weekdays.map((weekday) => ({ weekday: Number(weekday), from: values.from, to: values.to })),
    urgency: values.urgency,
    urgencyReason: values.urgency === 'normal' ? null : blank(values.urgencyReason) ?? null,
    notes: blank(values.notes) ?? null,
  };
}

/** Server field paths → the form's field names ("services.0" → services, "availability.1.to" → from). */
export function portalFieldOf(field: string): string {
  if (/^services\.\d+$/.test(field)) return 'services';
  if (/^availability/.test(field)) return 'from';
  if (field === 'location.addition') return 'location.addition';
  return field;
}

export const portalFieldId = (name: string) => `hausbesuch-${name.replace(/\./g, '-')}`;
