/**
 * Fixtures for the certificate workflow tests: register facts and case facts (the shared workflow
 * fixtures in ../testing.ts with this family's person), a completion context, built by factories
 * with overrides, and a reader for everything a document prints.
 */
import type { DevicePorts, Scanner } from '../../../devices/types.ts';
import type { FeeQuote } from '../../../fees/types.ts';
import type {
  AttachmentFacts, CaseFacts, CompletionContext, DeviceActionResult, DocumentRequest, PersonFacts, ResidenceFacts,
} from '../../workflow.ts';
import {
  addressFacts, caseFacts as sharedCaseFacts, personFacts as sharedPersonFacts, residenceFacts as sharedResidenceFacts,
} from '../testing.ts';

export function residenceFacts(overrides: Partial<ResidenceFacts> = {}): ResidenceFacts {
  return sharedResidenceFacts({
    movedIn: '2015-04-01',
    address: addressFacts({ street: 'Kortumstraße', houseNumber: '12', postcode: '44787' }),
    ...overrides,
  });
}

/** A widow born elsewhere (birth country not recorded), with a current card, an expired passport and a card reported stolen. */
export function personFacts(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return sharedPersonFacts({
    familyName: 'Kowalski',
    birthName: 'Nowak',
    givenNames: ['Maria', 'Elisabeth'],
    preferredGivenName: 1,
    birthDate: '1941-03-15',
    birthPlace: 'Gelsenkirchen',
    birthCountry: null,
    residences: [residenceFacts()],
    documents: [
      { kind: 'personalausweis', serialNumber: 'L01X00T471', issuedOn: '2020-05-04', validUntil: '2030-05-03', status: 'valid' },
      { kind: 'reisepass', serialNumber: 'C01X00T472', issuedOn: '2012-01-10', validUntil: '2022-01-09', status: 'valid' },
      { kind: 'personalausweis', serialNumber: 'L01X00AB12', issuedOn: '2010-05-04', validUntil: '2020-05-03', status: 'stolen' },
    ],
    ...overrides,
  });
}

/** The subject is given whole here (tests build it with personFacts), so the overrides replace it. */
export function caseFacts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return { ...sharedCaseFacts({ now: '2026-12-01T10:15:00.000Z' }, personFacts), ...overrides };
}

export function scanAttachments(ids: string[]): AttachmentFacts[] {
  return ids.map((id) => ({ id, kind: 'scan', mediaType: 'image/png', deleted: false }));
}

export function feeQuote(overrides: Partial<FeeQuote> = {}): FeeQuote {
  return {
    serviceId: 'meldebescheinigung', applicationDate: '2026-12-01', ageAtApplication: 85, items: [], totalCents: 500, waived: null, split: null, tables: [],
    ...overrides,
  };
}

export function completionContext(overrides: Partial<CompletionContext> = {}): CompletionContext {
  return {
    caseNumber: 'BO-2026-000123',
    completedAt: '2026-12-01T10:30:00.000Z',
    officer: { id: 'officer-1', name: 'Jana Becker' },
    fee: feeQuote(),
    reservedSerialNumber: null,
    ...overrides,
  };
}

/** Every string a document prints (title, addressee, sections, closing block), one per entry. */
export function printedStrings(document: DocumentRequest): string[] {
  const out: string[] = [document.title, ...(document.recipient ?? [])];
  for (const section of document.sections) {
    if (section.heading) out.push(section.heading);
    for (const f of section.fields ?? []) out.push(f.label, f.value);
    out.push(...(section.paragraphs ?? []));
    if (section.table) out.push(...section.table.columns, ...section.table.rows.flat());
  }
  if (document.signature) out.push(document.signature.place, document.signature.date, document.signature.officerName);
  return out;
}

export function printedText(document: DocumentRequest): string {
  return printedStrings(document).join('\n');
}

/**
 * certifies ⊆ printed, as the documents area checks it: every certified entry is a printed field
 * with the same label and value. Returns the entries that are not.
 */
export function uncertifiedValues(document: DocumentRequest): string[] {
  const printed = document.sections.flatMap((s) => s.fields ?? []);
  return (document.certifies ?? [])
    .filter((f) => !printed.some((p) => p.label === f.label && p.value === f.value))
    .map((f) => `${f.label}: ${f.value}`);
}

/** Device ports with the scanner simulator; the other devices are not used by certificates and fail loudly. */
export function scannerPorts(scanner: Scanner): DevicePorts {
  const unused = (name: string) => () => Promise.reject(new Error(`${name} is not used by the certificate workflows`));
  return {
    camera: { capturePhoto: unused('camera') },
    photoCodes: { fetchPhoto: unused('photo code provider') },
    fingerprints: { capture: unused('fingerprint sensor') },
    changeTerminal: { changeAddress: unused('terminal'), resetPin: unused('terminal'), activateEid: unused('terminal') },
    scanner,
    printer: { print: unused('printer'), health: unused('printer') },
    payment: { pay: unused('payment terminal'), abort: unused('payment terminal'), health: unused('payment terminal') },
  };
}

/**
 * What the case engine does with a device result: store the attachments (ids att-1, att-2 …),
 * replace `$attachment:N` by their ids and merge the patch into the data.
 */
export function applyDeviceResult<T extends Record<string, unknown>>(data: T, result: DeviceActionResult, firstId = 1): { data: T; attachments: AttachmentFacts[] } {
  const ids = result.attachments.map((_, i) => `att-${firstId + i}`);
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/^\$attachment:(\d+)$/, (_, n: string) => ids[Number(n)] ?? value);
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  const patch = replace(result.dataPatch) as Record<string, unknown>;
  return {
    data: { ...data, ...patch },
    attachments: result.attachments.map((a, i) => ({ id: ids[i] ?? '', kind: a.kind, mediaType: a.mediaType, deleted: false })),
  };
}
