import { createHash, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { caseAttachments, serviceCases } from '../cases/schema.ts';
import { addressFacts, personCore, serial } from '../cases/workflows/testing.ts';
import type { Db } from '../platform/db/database.ts';
import type { BzrApplicationPayload, IdOrderPayload, MessageAddress, MessagePerson, OutboundMessageRequest, RueckmeldungPayload } from './messages.ts';
import type { OutgoingFile, Transport } from './transports/transport.ts';

/** A completed case to hang messages on (the engine's own tables, written directly: a fixture, not a use case). */
export async function createCompletedCase(db: Db, municipalityId: string, options: { number?: string; serviceId?: string } = {}): Promise<{ id: string; number: string }> {
  const number = options.number ?? `2026-${String(randomInt(100000, 999999))}`;
  const [row] = await db.insert(serviceCases).values({
    municipalityId,
    number,
    serviceId: options.serviceId ?? 'personalausweis',
    applicant: { kind: 'self' },
    state: 'completed',
    applicationDate: '2026-03-02',
    createdByName: 'test',
  }).returning({ id: serviceCases.id, number: serviceCases.number });
  if (!row) throw new Error('case not inserted');
  return row;
}

export async function caseState(db: Db, caseId: string): Promise<string | undefined> {
  const [row] = await db.select({ state: serviceCases.state }).from(serviceCases).where(eq(serviceCases.id, caseId));
  return row?.state;
}

export async function addAttachment(db: Db, municipalityId: string, caseId: string, kind: string, content: Uint8Array, mediaType = 'image/png'): Promise<string> {
  const [row] = await db.insert(caseAttachments).values({
    municipalityId, caseId, kind, mediaType, content,
    sha256: createHash('sha256').update(content).digest('hex'),
    size: content.byteLength,
    biometric: kind === 'fingerprint' || kind === 'photo',
  }).returning({ id: caseAttachments.id });
  if (!row) throw new Error('attachment not inserted');
  return row.id;
}

/** What the hand-over does to fingerprints (PAuswG § 26): the content goes, the row stays. */
export async function deleteAttachment(db: Db, attachmentId: string): Promise<void> {
  await db.update(caseAttachments).set({ content: null, deletedAt: new Date() }).where(eq(caseAttachments.id, attachmentId));
}

export function testPerson(overrides: Partial<MessagePerson> = {}): MessagePerson {
  return {
    personId: '00000000-0000-4000-8000-000000000001',
    ...personCore({ familyName: 'Kowalski', birthName: 'Nowak', givenNames: ['Erika', 'Maria'], birthDate: '1938-05-17', birthPlace: 'Gelsenkirchen', birthCountry: null }),
    ...overrides,
  };
}

export function testAddress(overrides: Partial<MessageAddress> = {}): MessageAddress {
  return addressFacts({ houseNumber: '12', addition: 'Zimmer 4', ...overrides });
}

/** A serial number of the test authority with its correct ICAO check digit. */
export function testSerialNumber(body = 'L01X00T47'): string {
  return serial(body);
}

export function idOrderPayload(caseNumber: string, attachments: { photo: string; fingerprints: [string, string]; signature: string }, overrides: Partial<IdOrderPayload> = {}): IdOrderPayload {
  return {
    kind: 'id_order',
    caseNumber,
    document: 'personalausweis',
    serialNumber: testSerialNumber(),
    authorityCode: 'L01X',
    authorityName: 'Stadt Bochum, Bürgerbüro',
    applicationDate: '2026-03-02',
    validUntil: '2036-03-01',
    person: testPerson(),
    printedNames: { familyNameLine: 'KOWALSKI', birthNameLine: 'GEB. NOWAK', givenNamesLine: 'ERIKA MARIA', truncated: false },
    address: { ...testAddress(), wohnortId: '059110000000' },
    heightCm: 162,
    eyeColour: 'blau',
    photo: { attachmentId: attachments.photo, takenBy: 'Stadt Bochum, Bürgerbüro Mitte' },
    fingerprints: [
      { finger: 'left_index', quality: 62, attachmentId: attachments.fingerprints[0] },
      { finger: 'right_thumb', quality: 48, attachmentId: attachments.fingerprints[1] },
    ],
    fingerprintExemption: null,
    signature: { attachmentId: attachments.signature },
    eIdEnabled: true,
    pinLetter: true,
    delivery: { kind: 'pickup' },
    ...overrides,
  };
}

export function bzrPayload(caseNumber: string, overrides: Partial<BzrApplicationPayload> = {}): BzrApplicationPayload {
  return {
    kind: 'bzr_application',
    caseNumber,
    authority: { ags: '05911000', name: 'Stadt Bochum' },
    applicationDate: '2026-03-02',
    certificate: { type: 'O', extended: false, european: false },
    recipientAuthority: { name: 'Stadt Bochum, Ordnungsamt', address: 'Willy-Brandt-Platz 2–6, 44777 Bochum', reference: '32.1-2026-17' },
    purpose: 'Gewerbeerlaubnis',
    person: testPerson(),
    address: testAddress(),
    identityDocument: { kind: 'personalausweis', serialNumber: testSerialNumber() },
    writtenRequestAttachmentId: null,
    writtenRequest: null,
    inspectionCourt: 'Amtsgericht Bochum',
    legalRepresentative: null,
    fee: { totalCents: 1300, municipalityCents: 520, federalCents: 780, waived: false },
    ...overrides,
  };
}

export function rueckmeldungPayload(caseNumber: string, recipient = { ags: '05113000', name: 'Stadt Essen' }): RueckmeldungPayload {
  return {
    kind: 'xmeld_rueckmeldung',
    caseNumber,
    sender: { ags: '05911000', name: 'Stadt Bochum' },
    recipient,
    persons: [{
      person: testPerson(),
      newAddress: testAddress(),
      residenceKind: 'haupt',
      previousAddress: testAddress({ street: 'Rüttenscheider Straße', houseNumber: '3', addition: null, postcode: '45128', city: 'Essen', ags: '05113000' }),
      movedIn: '2026-02-27',
      registeredOn: '2026-03-02',
    }],
    dueBy: '2026-03-05',
  };
}

export function request(payload: OutboundMessageRequest['payload'], recipientName: string, dueBy: string | null = null): OutboundMessageRequest {
  return { payload, recipientName, dueBy };
}

/** A transport of our own interface that records what it got and can be told to fail the next n sends. */
export class RecordingTransport implements Transport {
  readonly name = 'recording';
  readonly sent: OutgoingFile[] = [];
  failures: number;
  /** Calls, including failed ones. */
  calls = 0;
  delayMs: number;
  constructor(options: { failures?: number; delayMs?: number } = {}) {
    this.failures = options.failures ?? 0;
    this.delayMs = options.delayMs ?? 0;
  }
  async send(message: OutgoingFile): Promise<{ reference: string }> {
    this.calls += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('ENOSPC: no space left on device (test transport)');
    }
    this.sent.push(message);
    return { reference: `recording/${this.sent.length}` };
  }
}

export const pngBytes = (label: string): Uint8Array => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode(label)]);
