/**
 * Fixtures for the ID document workflow tests: CaseFacts as the engine builds them (a German
 * adult in Bochum with a valid Personalausweis), a fully captured case per kind, and a small
 * stand-in for the engine's device-action step (merge patch, attachment ids).
 */
import { defaultShot } from '../../../devices/camera-simulator.ts';
import { icaoCheckDigit } from '../../../exchange/icao.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import type { AddressFacts, AttachmentFacts, CaseFacts, CompletionContext, DeviceActionResult, PersonFacts, ResidenceFacts } from '../../workflow.ts';
import type { IdDocumentData } from './data.ts';
import type { IdDocumentService } from './rules.ts';

export function serial(body: string): string {
  return body + icaoCheckDigit(body);
}

export const bochumAddress: AddressFacts = {
  street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000',
};

export function residence(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return { residenceId: 'res-1', kind: 'haupt', movedIn: '2019-09-01', movedOut: null, address: bochumAddress, ...overrides };
}

export const oldCardSerial = serial('L01X00T47');

export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return {
    id: 'person-1',
    familyName: 'Krüger',
    birthName: 'Lehmann',
    givenNames: ['Hildegard', 'Maria'],
    preferredGivenName: 0,
    doctoralDegree: null,
    religiousName: null,
    artistName: null,
    birthDate: '1938-04-12',
    birthPlace: 'Bochum',
    birthCountry: 'DE',
    sex: 'w',
    nationalities: ['DE'],
    maritalStatus: 'VW',
    dateOfDeath: null,
    residences: [residence()],
    documents: [{ kind: 'personalausweis', serialNumber: oldCardSerial, issuedOn: '2016-05-04', validUntil: '2026-05-03', status: 'valid' }],
    blocks: [],
    relations: [],
    ...overrides,
  };
}

export const attachments: AttachmentFacts[] = [
  { id: 'att-photo', kind: 'photo', mediaType: 'image/png', deleted: false },
  { id: 'att-fp-1', kind: 'fingerprint', mediaType: 'image/png', deleted: false },
  { id: 'att-fp-2', kind: 'fingerprint', mediaType: 'image/png', deleted: false },
  { id: 'att-sig', kind: 'signature', mediaType: 'image/png', deleted: false },
];

export function caseFacts(overrides: Omit<Partial<CaseFacts>, 'subject'> & { subject?: Partial<PersonFacts> | null } = {}): CaseFacts {
  const { subject, ...rest } = overrides;
  return {
    today: '2026-03-02',
    now: '2026-03-02T10:00:00.000Z',
    municipality: { id: 'muni-1', ags: '05911000', name: 'Bochum', authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: 'L01X' },
    subject: subject === null ? null : personFacts(subject ?? {}),
    others: {},
    attachments,
    applicant: { kind: 'self' },
    ...rest,
  };
}

/** A capture that passes every rule, for the given kind. */
export function capturedData(service: IdDocumentService, overrides: Partial<IdDocumentData> = {}): IdDocumentData {
  const base: IdDocumentData = {
    appearance: { inPerson: true },
    identity: { presentedDocumentKind: 'personalausweis', presentedSerialNumber: oldCardSerial, dataMatchRegister: true, personMatchesDocument: true },
    outsideOfficeHours: false,
    photo: {
      source: 'camera', attachmentId: 'att-photo', takenBy: 'Stadt Bochum – Bürgerbüro', takenAt: '2026-03-02T09:40:00.000Z', byAuthority: true,
      width: 1244, height: 1600, assessment: defaultShot, officerDecision: 'accepted',
    },
    signature: 'att-sig',
    heightCm: 164,
    eyeColour: 'blau',
  };
  if (service === 'personalausweis' || service === 'reisepass') {
    base.fingerprints = {
      attempts: [
        { finger: 'left_index', attempt: 1, quality: 55, attachmentId: 'att-fp-1', capturedAt: '2026-03-02T09:45:00.000Z' },
        { finger: 'right_index', attempt: 1, quality: 61, attachmentId: 'att-fp-2', capturedAt: '2026-03-02T09:46:00.000Z' },
      ],
    };
    base.delivery = { kind: 'pickup' };
  }
  if (service === 'personalausweis') base.eidInformationGiven = true;
  if (service === 'reisepass') base.passport = { pages: '32', express: false };
  if (service === 'vorlaeufiger_personalausweis' || service === 'vorlaeufiger_reisepass') {
    base.provisional = { serialNumber: serial('CF4711235'), validUntil: service === 'vorlaeufiger_personalausweis' ? '2026-06-01' : '2027-03-01' };
  }
  return { ...base, ...overrides };
}

export function feeQuote(service: IdDocumentService, applicationDate = '2026-03-02'): FeeQuote {
  return {
    serviceId: service, applicationDate, ageAtApplication: 87,
    items: [
      { code: 'pa.base.24plus', label: 'Personalausweis (ab 24 Jahre bei Antragstellung)', amountCents: 4600, legalBasis: 'PAuswGebV § 1 Abs. 1 Nr. 2' },
      { code: 'pa.surcharge.photo', label: 'Lichtbildaufnahme durch die Behörde', amountCents: 600, legalBasis: 'PAuswGebV § 1 Abs. 4 Nr. 4' },
    ],
    totalCents: 5200, waived: null, split: null, tables: [{ id: 'builtin:federal:2026-02-07', validFrom: '2026-02-07', validUntil: null }],
  };
}

export function completionContext(service: IdDocumentService, overrides: Partial<CompletionContext> = {}): CompletionContext {
  return {
    caseNumber: 'BO-2026-000123',
    completedAt: '2026-03-02T10:15:00.000Z',
    officer: { id: 'officer-1', name: 'Petra Sommer' },
    fee: feeQuote(service),
    reservedSerialNumber: 'L01X0C7K2',
    ...overrides,
  };
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

function merge(data: Plain, patch: Plain): Plain {
  const out: Plain = { ...data };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlain(value) && isPlain(out[key])) out[key] = merge(out[key], value);
    else out[key] = value;
  }
  return out;
}

function resolve(value: unknown, ids: readonly string[]): unknown {
  if (typeof value === 'string') return value.replace(/\$attachment:(\d+)/g, (_, n: string) => ids[Number(n)]!);
  if (Array.isArray(value)) return value.map((v) => resolve(v, ids));
  if (isPlain(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids)]));
  return value;
}

/** What the engine does with a device action's result: new attachment ids, merged data, facts that know the attachments. */
export function applyDeviceResult(data: Partial<IdDocumentData>, facts: CaseFacts, result: DeviceActionResult, idPrefix: string): { data: Partial<IdDocumentData>; facts: CaseFacts } {
  const ids = result.attachments.map((_, i) => `${idPrefix}-${facts.attachments.length + i}`);
  const patch = resolve(result.dataPatch, ids) as Plain;
  return {
    data: merge(data as Plain, patch) as Partial<IdDocumentData>,
    facts: { ...facts, attachments: [...facts.attachments, ...result.attachments.map((a, i) => ({ id: ids[i]!, kind: a.kind, mediaType: a.mediaType, deleted: false }))] },
  };
}

/** Every string anywhere in a value (to prove what a document does not contain). */
export function allText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(allText).join('\n');
  if (isPlain(value)) return Object.values(value).map(allText).join('\n');
  return String(value ?? '');
}
