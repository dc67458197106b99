/**
 * A small workflow for the case engine's own tests: every part of the Workflow contract
 * (rules, notices, fee input, capture documents, completion with register changes, documents and
 * a message, hand-over deleting fingerprints, device actions) with rules simple enough that a
 * test can steer each one. Installed under a real service id for the duration of a test file.
 */
import { z } from 'zod';
import type { ServiceId } from '../../catalogue/services.ts';
import { icaoCheckDigit } from '../../exchange/icao.ts';
import type { OutboundMessageRequest } from '../../exchange/messages.ts';
import { periodEnd } from '../../platform/periods.ts';
import { workflows } from '../workflows/index.ts';
import { germanDate, notice, violation } from '../workflows/text.ts';
import type { CaseFacts, NewPerson, RegisterChange, Violation, Workflow } from '../workflow.ts';

export const testDataSchema = z.object({
  purpose: z.string().min(1),
  pages: z.number().int().min(1).optional(),
  /** Must be set when the notice is shown (acknowledgeField). */
  hintAcknowledged: z.literal(true),
  photo: z.object({ attachmentId: z.string(), takenBy: z.string() }).optional(),
  fingerprints: z.array(z.object({ finger: z.string(), quality: z.number(), attachmentId: z.string() })).optional(),
  scans: z.array(z.string()).optional(),
  /** Anmeldung of someone new: the person to create. */
  newPerson: z.object({ familyName: z.string(), givenNames: z.array(z.string()), birthDate: z.string(), sex: z.enum(['m', 'w', 'd', 'x']) }).optional(),
  completedSerial: z.string().optional(),
  handedOverAt: z.string().optional(),
});
export type TestData = z.infer<typeof testDataSchema>;

export interface TestWorkflowOptions {
  handOver?: boolean;
  /** Send a BZR application at completion (so the case waits for delivery). */
  message?: boolean;
  requirePhoto?: boolean;
}

const home = { street: 'Am Stadtpark', houseNumber: '3', addition: null, postcode: '44791', city: 'Bochum', ags: '05911000' };

export function createTestWorkflow(serviceId: ServiceId, options: TestWorkflowOptions = {}): Workflow<TestData> {
  const workflow: Workflow<TestData> = {
    serviceId,
    dataSchema: testDataSchema,
    form: [{
      id: 'main', title: { de: 'Angaben', en: 'Details' },
      fields: [
        { name: 'purpose', kind: 'text', label: { de: 'Zweck', en: 'Purpose' }, required: true },
        { name: 'pages', kind: 'number', label: { de: 'Seiten', en: 'Pages' }, min: 1 },
        { name: 'photo', kind: 'device', action: 'photo', label: { de: 'Lichtbild', en: 'Photo' } },
        { name: 'fingerprints', kind: 'device', action: 'fingerprints', label: { de: 'Fingerabdrücke', en: 'Fingerprints' } },
      ],
    }],
    initialData(facts) {
      return facts.subject ? { purpose: `für ${facts.subject.familyName}` } : {};
    },
    feeInput(data, facts) {
      return {
        serviceId,
        applicationDate: facts.today,
        birthDate: facts.subject?.birthDate ?? data.newPerson?.birthDate ?? null,
        photoByAuthority: data.photo !== undefined,
        ...(data.pages !== undefined ? { pages: data.pages } : {}),
      };
    },
    validateCapture(data, facts) {
      const out: Violation[] = [];
      if (!data.purpose?.trim()) out.push(violation('PURPOSE_MISSING', 'purpose', 'Bitte den Zweck angeben.', 'Enter the purpose.'));
      if (data.pages !== undefined && data.pages < 1) out.push(violation('PAGES_INVALID', 'pages', 'Mindestens eine Seite.', 'At least one page.'));
      if (data.hintAcknowledged !== true) out.push(violation('HINT_NOT_ACKNOWLEDGED', 'hintAcknowledged', 'Bitte den Hinweis bestätigen.', 'Acknowledge the hint.'));
      if (options.requirePhoto && !data.photo) out.push(violation('PHOTO_MISSING', 'photo', 'Bitte ein Lichtbild aufnehmen.', 'Take a photo.'));
      if (facts.subject?.dateOfDeath) out.push(violation('SUBJECT_DECEASED', undefined, 'Die Person ist verstorben.', 'The person has died.'));
      if (!facts.subject && !data.newPerson) out.push(violation('NEW_PERSON_MISSING', 'newPerson', 'Bitte die neue Person erfassen.', 'Enter the new person.'));
      return out;
    },
    notices() {
      return [notice('TEST_HINT', 'Hinweis zur Kenntnis nehmen.', 'Take note of the hint.', 'hintAcknowledged')];
    },
    captureDocuments(data, facts, context) {
      return [{
        kind: 'antragsuebersicht', title: 'Antragsübersicht', verifiable: false,
        sections: [{ fields: [
          { label: 'Vorgang', value: context.caseNumber },
          { label: 'Zweck', value: data.purpose },
          ...(context.reservedSerialNumber ? [{ label: 'Seriennummer', value: context.reservedSerialNumber }] : []),
          { label: 'Gebühr', value: `${(context.fee.totalCents / 100).toFixed(2)} EUR` },
        ] }],
        signature: { place: facts.municipality.name, date: germanDate(facts.today), officerName: context.officer.name, seal: false },
      }];
    },
    complete(data, facts, context) {
      const changes: RegisterChange[] = [];
      const serial = context.reservedSerialNumber ? `${context.reservedSerialNumber}${icaoCheckDigit(context.reservedSerialNumber)}` : null;
      if (!facts.subject && data.newPerson) {
        const person: NewPerson = {
          familyName: data.newPerson.familyName, birthName: null, givenNames: data.newPerson.givenNames, preferredGivenName: null, doctoralDegree: null,
          birthDate: data.newPerson.birthDate, birthPlace: null, birthCountry: null, sex: data.newPerson.sex, nationalities: ['DE'], maritalStatus: 'LD', religion: null,
        };
        changes.push({ kind: 'create_person', ref: 'subject', person });
        changes.push({ kind: 'move_in', person: { ref: 'subject' }, address: home, residenceKind: 'haupt', movedIn: facts.today, registeredOn: facts.today });
      }
      if (facts.subject && serial) {
        changes.push({
          kind: 'record_document', personId: facts.subject.id, documentKind: serviceId, serialNumber: serial,
          issuedOn: facts.today, validUntil: periodEnd(facts.today, { years: 10 }), issuingAuthority: facts.municipality.authorityName,
        });
      }
      const messages: OutboundMessageRequest[] = options.message && facts.subject ? [bzrRequest(facts, context.caseNumber, context.fee.totalCents)] : [];
      return {
        documents: [{
          kind: 'meldebescheinigung', title: 'Bescheinigung (Test)', verifiable: true,
          sections: [{ fields: [{ label: 'Zweck', value: data.purpose }] }],
          certifies: [{ label: 'Zweck', value: data.purpose }],
          signature: { place: facts.municipality.name, date: germanDate(facts.today), officerName: context.officer.name, seal: true },
        }],
        messages,
        registerChanges: changes,
        ...(serial ? { dataPatch: { completedSerial: serial } } : {}),
      };
    },
    deviceActions: {
      photo: {
        label: { de: 'Lichtbild aufnehmen', en: 'Take photo' },
        async run(devices) {
          const photo = await devices.camera.capturePhoto();
          return {
            dataPatch: { photo: { attachmentId: '$attachment:0', takenBy: photo.takenBy } },
            attachments: [{ kind: 'photo', mediaType: photo.mediaType, content: photo.content, biometric: true }],
          };
        },
      },
      fingerprints: {
        label: { de: 'Fingerabdrücke erfassen', en: 'Capture fingerprints' },
        async run(devices) {
          const left = await devices.fingerprints.capture('left_index');
          const right = await devices.fingerprints.capture('right_index');
          return {
            dataPatch: { fingerprints: [left, right].map((p, i) => ({ finger: p.finger, quality: p.quality, attachmentId: `$attachment:${i}` })) },
            attachments: [left, right].map((p) => ({ kind: 'fingerprint', mediaType: p.mediaType, content: p.content, biometric: true })),
          };
        },
      },
      scan: {
        label: { de: 'Scannen', en: 'Scan' },
        async run(devices, input) {
          const pages = await devices.scanner.scan({ pages: typeof input.pages === 'number' ? input.pages : 1, dpi: 100 });
          return {
            dataPatch: { scans: pages.map((_, i) => `$attachment:${i}`), pages: pages.length },
            attachments: pages.map((p) => ({ kind: 'scan', mediaType: p.mediaType, content: p.content, biometric: false })),
          };
        },
      },
    },
  };
  if (options.handOver) {
    workflow.handOver = {
      form: [{ id: 'handover', title: { de: 'Aushändigung', en: 'Hand-over' }, fields: [{ name: 'handedOverAt', kind: 'time', label: { de: 'Zeitpunkt', en: 'Time' }, required: true }] }],
      validate(_data, input) {
        return typeof input.handedOverAt === 'string' && input.handedOverAt !== ''
          ? []
          : [violation('HANDED_OVER_AT_MISSING', 'handedOverAt', 'Bitte Datum und Uhrzeit der Aushändigung angeben.', 'Enter the date and time of the hand-over.')];
      },
      effects(data, input, facts, context) {
        return {
          documents: [{
            kind: 'handover_record', title: 'Aushändigungsnachweis', verifiable: false,
            sections: [{ fields: [{ label: 'Dokument', value: data.completedSerial ?? '' }, { label: 'Ausgehändigt', value: String(input.handedOverAt) }] }],
            signature: { place: facts.municipality.name, date: germanDate(facts.today), officerName: context.officer.name, seal: false },
          }],
          registerChanges: [],
          deleteAttachmentKinds: ['fingerprint'],
          dataPatch: { handedOverAt: String(input.handedOverAt) },
        };
      },
    };
  }
  return workflow;
}

function bzrRequest(facts: CaseFacts, caseNumber: string, totalCents: number): OutboundMessageRequest {
  const subject = facts.subject!;
  const address = subject.residences[0]?.address ?? home;
  return {
    recipientName: 'Bundesamt für Justiz',
    dueBy: null,
    payload: {
      kind: 'bzr_application', caseNumber,
      authority: { ags: facts.municipality.ags, name: facts.municipality.authorityName },
      applicationDate: facts.today,
      certificate: { type: 'N', extended: false, european: false },
      recipientAuthority: null, purpose: null,
      person: {
        personId: subject.id, familyName: subject.familyName, birthName: subject.birthName, givenNames: subject.givenNames, preferredGivenName: subject.preferredGivenName,
        doctoralDegree: subject.doctoralDegree, religiousName: subject.religiousName, artistName: subject.artistName, birthDate: subject.birthDate,
        birthPlace: subject.birthPlace, birthCountry: subject.birthCountry, sex: subject.sex, nationalities: subject.nationalities,
      },
      address: { ...address },
      identityDocument: { kind: 'personalausweis', serialNumber: subject.documents[0]?.serialNumber ?? 'L01X00T471' },
      writtenRequestAttachmentId: null,
      fee: { totalCents, municipalityCents: Math.round(totalCents * 2 / 5), federalCents: totalCents - Math.round(totalCents * 2 / 5), waived: false },
    },
  };
}

/** Installs test workflows for the given services (this test file only); returns the restore. */
export function installTestWorkflows(installed: Partial<Record<ServiceId, Workflow<TestData>>>): () => void {
  const before = { ...workflows };
  for (const [id, workflow] of Object.entries(installed)) workflows[id as ServiceId] = workflow as unknown as Workflow;
  return () => {
    for (const id of Object.keys(installed)) {
      const previous = before[id as ServiceId];
      if (previous) workflows[id as ServiceId] = previous;
      else delete workflows[id as ServiceId];
    }
  };
}
