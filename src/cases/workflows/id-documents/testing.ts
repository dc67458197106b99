/**
 * Fixtures for the ID document workflow tests: CaseFacts as the engine builds them (the shared
 * workflow fixtures in ../testing.ts: a German adult in Bochum, here with a Personalausweis that
 * expires in May 2026, applying herself on 2 March 2026), a fully captured case per kind, and a small
 * stand-in for the engine's device-action step (merge patch, attachment ids).
 */
import { defaultShot } from '../../../devices/camera-simulator.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import type { AttachmentFacts, CaseFacts, CompletionContext, DeviceActionResult, PersonFacts } from '../../workflow.ts';
import { caseFacts as sharedCaseFacts, personFacts as sharedPersonFacts, serial, type CaseFactsOverrides } from '../testing.ts';
import type { IdDocumentData } from './data.ts';
import type { IdDocumentService } from './rules.ts';

export { bochumAddress, residenceFacts as residence, serial } from '../testing.ts';

export const oldCardSerial = serial('L01X00T47');

/** The old card expires in May 2026, so the applicant is due for a new one. */
export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return sharedPersonFacts({
    documents: [{ kind: 'personalausweis', serialNumber: oldCardSerial, issuedOn: '2016-05-04', validUntil: '2026-05-03', status: 'valid' }],
    ...overrides,
  });
}

export const attachments: AttachmentFacts[] = [
  { id: 'att-photo', kind: 'photo', mediaType: 'image/png', deleted: false },
  { id: 'att-fp-1', kind: 'fingerprint', mediaType: 'image/png', deleted: false },
  { id: 'att-fp-2', kind: 'fingerprint', mediaType: 'image/png', deleted: false },
  { id: 'att-sig', kind: 'signature', mediaType: 'image/png', deleted: false },
];

export function caseFacts(overrides: CaseFactsOverrides = {}): CaseFacts {
  return sharedCaseFacts({ today: '2026-03-02', now: '2026-03-02T10:00:00.000Z', attachments, applicant: { kind: 'self' }, ...overrides }, personFacts);
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
