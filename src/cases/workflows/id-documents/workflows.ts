/**
 * The four ID document workflows (Personalausweis, vorläufiger Personalausweis, Reisepass,
 * vorläufiger Reisepass), built from one definition with the kind's differences as data
 * (rules.ts#idDocumentKinds). Pure apart from the device actions, which run at the edge.
 */
import { z } from 'zod';
import { isOverridablePhotoCheck, overridablePhotoChecks } from '../../../devices/photo-profile.ts';
import { pngSize } from '../../../devices/png.ts';
import type { CapturedPhoto } from '../../../devices/types.ts';
import { browserCameraName, decodeStill, stillAnalyser } from '../../../devices/uploaded-still.ts';
import type { FingerCode, IdOrderPayload, MessageAddress, OutboundMessageRequest } from '../../../exchange/messages.ts';
import { icaoCheckDigit, serialNumberProblem } from '../../../exchange/icao.ts';
import type { FeeQuoteInput } from '../../../fees/types.ts';
import { AppError } from '../../../platform/errors.ts';
import type {
  CaseFacts, CompletionContext, CompletionEffects, DeviceAction, DeviceActionResult, DocumentRequest, HandOverEffects, PersonFacts, RegisterChange, Violation, Workflow,
} from '../../workflow.ts';
import { messagePerson, violation } from '../text.ts';
import { fingerCodes, idDocumentDataSchema, type IdDocumentData } from './data.ts';
import { applicationSummary, fullName, handOverRecord, pinLetterReceipt, type DocumentRecipient } from './documents.ts';
import { assessFingerprints, captureRefusal, fingerprintMinimumAge, suggestedFinger } from './fingerprints.ts';
import { handOverForm, idDocumentForm } from './form.ts';
import { printedNames } from './print-names.ts';
import { derive, hauptwohnungOf, idDocumentKinds, idDocumentNotices, idDocumentViolations, replacedKinds, type IdDocumentKind, type IdDocumentService } from './rules.ts';

/** Recipient of ID orders in the outbox view. */
export const idOrderRecipient = 'Bundesdruckerei GmbH (Ausweishersteller)';

/**
 * ⚠ Wohnort-ID (TR-03127 community ID) as "0276" (ISO 3166 numeric code of Germany) followed by
 * the 8-digit Gemeindeschlüssel; check the padding against the TR-03123 XhD profile in use.
 */
export function wohnortIdFromAgs(ags: string): string {
  if (!/^\d{8}$/.test(ags)) throw new AppError('AGS_INVALID', `The Gemeindeschlüssel "${ags}" is not 8 digits; correct the address in the register.`, 422);
  return `0276${ags}`;
}


/** The full serial number: the 9 reserved characters (first 4 = Behördenkennzahl) and the ICAO check digit. */
export function orderSerialNumber(reserved: string | null, authorityCode: string): string {
  if (!reserved || !/^[0-9A-Z]{9}$/.test(reserved)) {
    throw new AppError('ID_SERIAL_NUMBER_MISSING', `No valid serial number is reserved for this case ("${reserved ?? ''}"); the case engine must reserve 9 characters before the ID order can be built.`, 409);
  }
  if (!reserved.startsWith(authorityCode)) {
    throw new AppError('ID_SERIAL_NUMBER_AUTHORITY', `The reserved serial number ${reserved} does not start with the Behördenkennzahl ${authorityCode}; check the municipality profile and the reserved number range.`, 409);
  }
  const full = reserved + icaoCheckDigit(reserved);
  const problem = serialNumberProblem(full);
  if (problem) throw new AppError('ID_SERIAL_NUMBER_INVALID', problem, 409);
  return full;
}

function requireSubject(facts: CaseFacts): PersonFacts {
  if (!facts.subject) throw new AppError('SUBJECT_REQUIRED', 'An ID document case needs its data subject from the register.', 409);
  return facts.subject;
}

/** Facts as on the application date (the quote's date), so completion later computes the same validity. */
function onApplicationDate(facts: CaseFacts, context: { fee: { applicationDate: string } }): CaseFacts {
  return { ...facts, today: context.fee.applicationDate };
}

function idOrder(kind: IdDocumentKind, data: IdDocumentData, facts: CaseFacts, context: CompletionContext, serialNumber: string): IdOrderPayload {
  const person = requireSubject(facts);
  const derived = derive(kind, data, facts);
  const residence = hauptwohnungOf(person) ?? person.residences[0] ?? null;
  if (!residence) {
    throw new AppError('ID_ORDER_NO_ADDRESS', 'The person has no residence in the register; register the residence first (the address is printed on the document).', 422);
  }
  const photoId = data.photo?.attachmentId;
  if (!photoId || !data.photo?.takenBy) throw new AppError('ID_ORDER_NO_PHOTO', 'The ID order needs the photo and who took it; capture the photo again.', 422);
  if (data.heightCm === undefined || !data.eyeColour || !derived.validUntil) {
    throw new AppError('ID_ORDER_INCOMPLETE', 'Height, eye colour or validity are missing; complete the capture.', 422);
  }
  const signatureId = data.signature ?? [...facts.attachments].reverse().find((a) => a.kind === 'signature' && !a.deleted)?.id ?? null;
  const signature: IdOrderPayload['signature'] = !derived.signatureRequired
    ? { waivedReason: 'Kind unter 10 Jahren (keine Unterschrift)' }
    : data.signatureImpossible
      ? { waivedReason: data.signatureImpossibleReason ?? 'Unterschrift nicht möglich' }
      : signatureId ? { attachmentId: signatureId } : { waivedReason: 'Unterschrift fehlt' };
  const underSix = derived.age !== null && derived.age < fingerprintMinimumAge;
  const selected = underSix ? [] : assessFingerprints(data.fingerprints ?? {}).selected;
  const fingerprintExemption = underSix
    ? { reason: 'Kind unter 6 Jahren: keine Fingerabdrücke (PAuswG § 5 Abs. 9, PassG § 4 Abs. 3)' }
    : data.fingerprints?.exempt ? { reason: data.fingerprints.exemptionReason ?? '' } : null;
  const address: MessageAddress & { wohnortId: string } = { ...residence.address, wohnortId: wohnortIdFromAgs(residence.address.ags) };
  const delivery: IdOrderPayload['delivery'] = data.delivery?.kind === 'postal' && data.delivery.address
    ? {
      kind: 'postal',
      address: {
        street: data.delivery.address.street ?? '', houseNumber: data.delivery.address.houseNumber ?? '', addition: data.delivery.address.addition ?? null,
        postcode: data.delivery.address.postcode ?? '', city: data.delivery.address.city ?? '',
        // The delivery address carries a Gemeindeschlüssel only when it is the registered residence.
        ags: sameAddress(data.delivery.address, residence.address) ? residence.address.ags : '',
      },
      recipientName: data.delivery.recipientName?.trim() || fullName(person),
    }
    : { kind: 'pickup' };
  const payload: IdOrderPayload = {
    kind: 'id_order',
    caseNumber: context.caseNumber,
    document: kind.family === 'pa' ? 'personalausweis' : 'reisepass',
    serialNumber,
    authorityCode: facts.municipality.authorityCode,
    authorityName: facts.municipality.authorityName,
    applicationDate: facts.today,
    validUntil: derived.validUntil,
    person: messagePerson(person),
    printedNames: printedNames(person),
    address,
    heightCm: data.heightCm,
    eyeColour: data.eyeColour,
    photo: { attachmentId: photoId, takenBy: data.photo.takenBy },
    fingerprints: selected.map((a) => ({ finger: a.finger, quality: a.quality, attachmentId: a.attachmentId })),
    fingerprintExemption,
    signature,
    eIdEnabled: derived.eIdEnabled,
    pinLetter: derived.pinLetter,
    delivery,
  };
  if (kind.passportOptions) {
    payload.passport48Pages = data.passport?.pages === '48';
    payload.express = data.passport?.express === true;
  }
  return payload;
}

function sameAddress(a: { street?: string | null; houseNumber?: string | null; postcode?: string | null }, b: { street: string; houseNumber: string; postcode: string }): boolean {
  const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
  return norm(a.street) === norm(b.street) && norm(a.houseNumber) === norm(b.houseNumber) && norm(a.postcode) === norm(b.postcode);
}

// ——— device actions ———

function photoPatch(source: 'camera' | 'photo_code', photo: CapturedPhoto, takenBy: string, previous: IdDocumentData['photo'], extra: Record<string, string>): DeviceActionResult {
  const actual = photo.mediaType === 'image/png' ? pngSize(photo.content) : null;
  const next: Record<string, unknown> = {
    source,
    attachmentId: '$attachment:0',
    takenBy,
    takenAt: photo.takenAt,
    byAuthority: source === 'camera',
    // The size the image really has, not the one the device claims (the 1244×1600 check relies on it).
    width: actual?.width ?? photo.width,
    height: actual?.height ?? photo.height,
    ...extra,
  };
  if (photo.assessment) next.assessment = photo.assessment;
  // A new photo needs a new decision, and nothing of the previous one may stay: null removes a
  // key in the merge patch (only where there is one, since a new object is stored as it is).
  for (const key of Object.keys(previous ?? {})) if (!(key in next)) next[key] = null;
  return {
    dataPatch: { photo: next, paperPhoto: null },
    attachments: [{ kind: 'photo', mediaType: photo.mediaType, content: photo.content, biometric: false }],
  };
}

/**
 * input.override: the pre-check findings the officer accepts the photo despite ({ checks: [...] },
 * what the camera dialog showed as failed). Only findings that leave the photo usable can be
 * overridden (photo-profile.ts); no face, several faces and upscaling are refused before.
 */
function overrideOf(input: Record<string, unknown>): string[] | null {
  if (input.override === undefined || input.override === null) return null;
  const checks = typeof input.override === 'object' ? (input.override as Record<string, unknown>).checks : undefined;
  if (!Array.isArray(checks) || checks.length === 0 || !checks.every((c): c is string => typeof c === 'string' && isOverridablePhotoCheck(c))) {
    throw new AppError('PHOTO_OVERRIDE_INVALID',
      `input.override.checks must name the failed pre-checks the officer accepts the photo despite, from ${overridablePhotoChecks.join(', ')}; size and upscaling cannot be overridden.`,
      400, { message: {
        de: 'Die Übernahme trotz Hinweisen muss die nicht erfüllten Prüfungen nennen; Bildgröße und Hochskalieren lassen sich nicht übergehen.',
        en: 'Accepting despite findings must name the failed checks; size and upscaling cannot be overridden.',
      } });
  }
  return [...new Set(checks)].sort();
}

const takePhoto: DeviceAction<IdDocumentData> = {
  label: { de: 'Lichtbild aufnehmen', en: 'Take the photo' },
  async run(devices, input, data, facts) {
    const override = overrideOf(input);
    // A frame from the field UI's browser camera is analysed and cut on the server; without one the kit's camera takes it.
    const photo = input.still !== undefined
      ? await stillAnalyser.portraitFromStill(decodeStill(input.still), { takenBy: browserCameraName })
      : await devices.camera.capturePhoto();
    // The authority's capture station: the authority is the lichtbildaufnehmende Stelle.
    const patch = photoPatch('camera', photo, facts.municipality.authorityName, data.photo, { device: photo.takenBy });
    // The officer's explicit decision to take it despite the findings, recorded with the photo (a new photo drops it).
    if (override) (patch.dataPatch.photo as Record<string, unknown>).override = { checks: override, at: facts.now };
    return patch;
  },
};

const fetchPhotoCode: DeviceAction<IdDocumentData> = {
  label: { de: 'Lichtbild per Code abrufen', en: 'Fetch the photo by code' },
  async run(devices, input, data) {
    // The UI sends the step's values: the code typed into photoCode, saved or not.
    const typed = [input.code, input.photoCode, data.photoCode].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    const raw = typed ?? null;
    if (!raw || raw.trim() === '') {
      throw new AppError('PHOTO_CODE_MISSING', 'Enter the photo code from the provider\'s receipt first.', 400, { de: 'Bitte zuerst den Lichtbild-Code vom Beleg des Dienstleisters eingeben.' });
    }
    const code = raw.trim().toUpperCase();
    const photo = await devices.photoCodes.fetchPhoto(code);
    return photoPatch('photo_code', photo, photo.takenBy, data.photo, { code });
  },
};

function captureFingerprint(kind: IdDocumentKind): DeviceAction<IdDocumentData> {
  return {
    label: { de: 'Fingerabdruck erfassen', en: 'Capture a fingerprint' },
    async run(devices, input, data, facts) {
      const derived = derive(kind, data, facts);
      if (!kind.fingerprints) {
        throw new AppError('FINGERPRINTS_NOT_FOR_KIND', `A ${kind.serviceId} has no chip; no fingerprints are taken.`, 409, { de: `Ein ${kind.title} hat keinen Chip; es werden keine Fingerabdrücke genommen.` });
      }
      if (derived.age !== null && derived.age < fingerprintMinimumAge) {
        throw new AppError('FINGERPRINTS_UNDER_SIX', 'No fingerprints are taken from children under 6 (PAuswG § 5 (9)).', 409, { de: 'Von Kindern unter 6 Jahren werden keine Fingerabdrücke genommen (PAuswG § 5 Abs. 9).' });
      }
      // Named in the request, in the step's values the UI sends, or saved in the data; else the next in order.
      const stepValues = input.fingerprints as { nextFinger?: unknown } | undefined;
      const requested = [input.finger, stepValues?.nextFinger, data.fingerprints?.nextFinger].find((v) => typeof v === 'string' && v !== '');
      const finger: FingerCode | null = typeof requested === 'string' && requested !== ''
        ? (fingerCodes as readonly string[]).includes(requested) ? requested as FingerCode : null
        : suggestedFinger(data.fingerprints ?? {});
      if (!finger) {
        throw new AppError('FINGER_INVALID', typeof requested === 'string' && requested !== ''
          ? `"${requested}" is not a finger; use one of ${fingerCodes.join(', ')}.`
          : 'No finger is left to capture; two prints are there or every finger is used up (document an exemption).', 400);
      }
      const refusal = captureRefusal(data.fingerprints ?? {}, finger);
      if (refusal) throw new AppError('FINGERPRINT_CAPTURE_REFUSED', refusal.en, 409, { de: refusal.de, finger });
      const capture = await devices.fingerprints.capture(finger);
      const attempts = data.fingerprints?.attempts ?? [];
      const attempt = attempts.filter((a) => a.finger === finger).length + 1;
      return {
        dataPatch: {
          fingerprints: {
            attempts: [...attempts, { finger, attempt, quality: capture.quality, attachmentId: '$attachment:0', capturedAt: capture.capturedAt }],
            // The choice was for this capture; the next one follows the order again. (null only where there is a value to remove.)
            ...(data.fingerprints?.nextFinger !== undefined ? { nextFinger: null } : {}),
          },
        },
        attachments: [{ kind: 'fingerprint', mediaType: capture.mediaType, content: capture.content, biometric: true }],
      };
    },
  };
}

// ——— hand-over ———

export const handOverInputSchema = z.object({
  handedOverOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  handedOverTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
  receivedBy: z.enum(['holder', 'legal_representative', 'collector', 'postal']).optional(),
  receiverName: z.string().optional(),
  receiverEvidence: z.string().optional(),
  oldDocumentSerialNumber: z.string().optional(),
  oldDocumentOutcome: z.enum(['invalidated_returned', 'handed_in', 'not_presented', 'none']).optional(),
});
type HandOverInput = z.infer<typeof handOverInputSchema>;

/** Valid documents the new one replaces (the new one itself excluded). */
function replaceable(kind: IdDocumentKind, person: PersonFacts, newSerial: string | undefined) {
  return person.documents.filter((d) => d.status === 'valid' && replacedKinds[kind.family].includes(d.kind) && d.serialNumber !== newSerial);
}

function parseHandOver(input: Record<string, unknown>): { value: HandOverInput; violations: Violation[] } {
  const cleaned = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== ''));
  const parsed = handOverInputSchema.safeParse(cleaned);
  if (parsed.success) return { value: parsed.data, violations: [] };
  const violations = parsed.error.issues.map((issue) => violation('HANDOVER_INPUT_INVALID', issue.path.join('.') || undefined,
    `Die Angabe „${issue.path.join('.')}“ ist ungültig (${issue.message}); bitte korrigieren.`,
    `The entry "${issue.path.join('.')}" is invalid (${issue.message}); correct it.`));
  // Keep the valid entries, so the other rules still judge them (every violation at once).
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
  const rest = handOverInputSchema.safeParse(Object.fromEntries(Object.entries(cleaned).filter(([key]) => !bad.has(key))));
  return { value: rest.success ? rest.data : {}, violations };
}

/** The old document the hand-over deals with: the one named, or the only candidate. */
function oldDocumentOf(kind: IdDocumentKind, data: IdDocumentData, person: PersonFacts, input: HandOverInput) {
  const candidates = replaceable(kind, person, data.order?.serialNumber);
  const named = input.oldDocumentSerialNumber?.trim().toUpperCase();
  if (named) return { candidates, chosen: person.documents.find((d) => d.serialNumber === named) ?? null, named };
  return { candidates, chosen: candidates.length === 1 ? candidates[0]! : null, named: null };
}

function handOverViolations(kind: IdDocumentKind, data: IdDocumentData, raw: Record<string, unknown>, facts: CaseFacts): Violation[] {
  const { value: input, violations: out } = parseHandOver(raw);
  const person = facts.subject;
  if (!person) return [violation('SUBJECT_REQUIRED', 'personId', 'Die Person fehlt im Register.', 'The person is missing from the register.')];
  if (!data.order) {
    out.push(violation('HANDOVER_NOT_COMPLETED', undefined, 'Das Dokument ist noch nicht bestellt oder ausgestellt; bitte zuerst den Vorgang abschließen.', 'The document has not been ordered or issued yet; complete the case first.'));
  }
  if (!input.handedOverOn && !out.some((v) => v.field === 'handedOverOn')) {
    out.push(violation('HANDOVER_DATE_MISSING', 'handedOverOn', 'Bitte das Datum der Aushändigung erfassen.', 'Enter the date of the hand-over.'));
  } else if (input.handedOverOn) {
    if (input.handedOverOn > facts.today) {
      out.push(violation('HANDOVER_DATE_FUTURE', 'handedOverOn', 'Das Datum der Aushändigung liegt in der Zukunft; bitte korrigieren.', 'The hand-over date is in the future; correct it.'));
    }
    if (data.order && input.handedOverOn < data.order.issuedOn) {
      out.push(violation('HANDOVER_BEFORE_ORDER', 'handedOverOn', 'Die Aushändigung kann nicht vor dem Antrag liegen; bitte das Datum prüfen.', 'The hand-over cannot be before the application; check the date.'));
    }
  }
  if (!input.handedOverTime && !out.some((v) => v.field === 'handedOverTime')) {
    out.push(violation('HANDOVER_TIME_MISSING', 'handedOverTime', 'Bitte die Uhrzeit der Aushändigung erfassen (PAuswV § 4).', 'Enter the time of the hand-over (PAuswV § 4).'));
  }
  if (!input.receivedBy && !out.some((v) => v.field === 'receivedBy')) {
    out.push(violation('HANDOVER_RECEIVER_MISSING', 'receivedBy', 'Bitte angeben, wer das Dokument empfangen hat.', 'State who received the document.'));
  } else if (input.receivedBy === 'postal' && data.delivery?.kind !== 'postal') {
    out.push(violation('HANDOVER_NOT_POSTAL', 'receivedBy', 'Für diesen Antrag wurde kein Versand beantragt; bitte die empfangende Person erfassen.', 'No postal delivery was applied for; record who received the document.'));
  } else if (input.receivedBy === 'legal_representative' || input.receivedBy === 'collector') {
    if (!(input.receiverName ?? '').trim()) {
      out.push(violation('HANDOVER_RECEIVER_NAME_MISSING', 'receiverName', 'Bitte den Namen der empfangenden Person erfassen.', 'Enter the name of the person receiving the document.'));
    }
    if (!(input.receiverEvidence ?? '').trim()) {
      out.push(violation('HANDOVER_RECEIVER_EVIDENCE_MISSING', 'receiverEvidence',
        'Bitte den Nachweis erfassen: schriftliche Vollmacht bzw. Vertretungsnachweis und das Ausweisdokument der empfangenden Person.',
        'Record the evidence: the written authority or proof of representation and the ID document of the person receiving it.'));
    }
  }
  const old = oldDocumentOf(kind, data, person, input);
  if (old.named && !old.chosen) {
    out.push(violation('HANDOVER_OLD_DOCUMENT_UNKNOWN', 'oldDocumentSerialNumber', `Die Person hat kein Dokument ${old.named} im Register; bitte die Nummer prüfen.`, `The person holds no document ${old.named} in the register; check the number.`));
  }
  if (old.candidates.length > 0 && (!input.oldDocumentOutcome || input.oldDocumentOutcome === 'none')) {
    out.push(violation('HANDOVER_OLD_DOCUMENT_OUTCOME_MISSING', 'oldDocumentOutcome',
      `Die Person hat noch ${old.candidates.map((d) => d.serialNumber).join(', ')}; bitte angeben, ob das bisherige Dokument entwertet zurückgegeben, einbehalten oder nicht vorgelegt wurde.`,
      `The person still holds ${old.candidates.map((d) => d.serialNumber).join(', ')}; state whether the previous document was invalidated and returned, kept, or not presented.`));
  }
  if (old.candidates.length > 1 && !old.named) {
    out.push(violation('HANDOVER_OLD_DOCUMENT_AMBIGUOUS', 'oldDocumentSerialNumber', 'Die Person hat mehrere bisherige Dokumente; bitte die Nummer des entwerteten angeben.', 'The person holds several previous documents; enter the number of the one invalidated.'));
  }
  return out;
}

/**
 * The new document in the register. RegisterChange.record_document records a document as valid
 * (there is no "ordered" status), so an ordered PA or Reisepass is recorded at its hand-over —
 * never while it is still being produced, when an identity check against the register would
 * otherwise accept a card nobody holds. Its number stays reserved meanwhile (case data and
 * number range). A provisional document is made on the spot and recorded at completion.
 */
export function newDocumentChange(kind: IdDocumentKind, person: PersonFacts, order: { serialNumber: string; issuedOn: string; validUntil: string }, facts: CaseFacts): RegisterChange {
  return {
    kind: 'record_document', personId: person.id, documentKind: kind.serviceId, serialNumber: order.serialNumber,
    issuedOn: order.issuedOn, validUntil: order.validUntil, issuingAuthority: facts.municipality.authorityName,
  };
}

function handOverEffects(kind: IdDocumentKind, data: IdDocumentData, raw: Record<string, unknown>, facts: CaseFacts, context: CompletionContext): HandOverEffects {
  const person = requireSubject(facts);
  const { value: input } = parseHandOver(raw);
  if (!data.order || !input.handedOverOn || !input.handedOverTime || !input.receivedBy) {
    throw new AppError('HANDOVER_INCOMPLETE', 'The hand-over needs the completed order, date, time and receiver; validate it first.', 409);
  }
  const old = oldDocumentOf(kind, data, person, input);
  const outcome = input.oldDocumentOutcome && input.oldDocumentOutcome !== 'none' ? input.oldDocumentOutcome : null;
  const registerChanges: RegisterChange[] = [];
  if (old.chosen && outcome) {
    registerChanges.push({
      kind: 'update_document_status', personId: person.id, serialNumber: old.chosen.serialNumber,
      // Kept by the authority: handed over; returned invalidated to the holder or never shown: invalidated.
      status: outcome === 'handed_in' ? 'handed_over_old' : 'invalidated',
    });
  }
  // The ordered document enters the register now, valid from its hand-over.
  if (!kind.provisional) registerChanges.push(newDocumentChange(kind, person, data.order, facts));
  const recipient: DocumentRecipient = input.receivedBy;
  const fingerprintsTaken = (data.fingerprints?.attempts ?? []).length > 0;
  const document: DocumentRequest = handOverRecord({
    kind, facts, caseNumber: context.caseNumber, serialNumber: data.order.serialNumber, validUntil: data.order.validUntil,
    handedOverOn: input.handedOverOn, handedOverTime: input.handedOverTime, recipient,
    receiverName: input.receiverName?.trim() || null, receiverEvidence: input.receiverEvidence?.trim() || null,
    oldDocument: old.chosen && outcome ? { serialNumber: old.chosen.serialNumber, outcome } : null,
    fingerprintsDeleted: fingerprintsTaken, officerName: context.officer.name,
  });
  return {
    documents: [document],
    registerChanges,
    deleteAttachmentKinds: ['fingerprint'],
    dataPatch: {
      handOver: {
        handedOverAt: `${input.handedOverOn}T${input.handedOverTime}`,
        receivedBy: input.receivedBy,
        receiverName: input.receiverName?.trim() || null,
        oldDocumentSerialNumber: old.chosen?.serialNumber ?? null,
        oldDocumentOutcome: outcome ?? 'none',
      },
    },
  };
}

// ——— the workflow ———

function initialData(kind: IdDocumentKind, facts: CaseFacts): Partial<IdDocumentData> {
  const person = facts.subject;
  if (!person) return {};
  const usable = person.documents.filter((d) => d.status === 'valid').sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))[0];
  const haupt = hauptwohnungOf(person);
  const data: Partial<IdDocumentData> = {
    identity: usable
      ? { presentedDocumentKind: usable.kind as NonNullable<IdDocumentData['identity']>['presentedDocumentKind'], presentedSerialNumber: usable.serialNumber }
      : {},
    outsideOfficeHours: false,
  };
  if (kind.postalDelivery) {
    data.delivery = {
      kind: 'pickup',
      recipientName: fullName(person),
      ...(haupt ? { address: { street: haupt.address.street, houseNumber: haupt.address.houseNumber, addition: haupt.address.addition, postcode: haupt.address.postcode, city: haupt.address.city } } : {}),
    };
  }
  if (kind.passportOptions) data.passport = { pages: '32', express: false };
  if (kind.provisional) data.provisional = { validUntil: derive(kind, {}, facts).maxValidUntil ?? undefined };
  return data;
}

function feeInput(kind: IdDocumentKind, data: Partial<IdDocumentData>, facts: CaseFacts): FeeQuoteInput {
  const derived = derive(kind, data, facts);
  const input: FeeQuoteInput = {
    serviceId: kind.serviceId,
    applicationDate: facts.today,
    birthDate: facts.subject?.birthDate ?? null,
    photoByAuthority: derived.photoByAuthority,
    notCompetent: derived.notCompetent,
    outsideOfficeHours: data.outsideOfficeHours === true,
    postalDelivery: kind.postalDelivery && data.delivery?.kind === 'postal',
  };
  if (kind.passportOptions) {
    input.passport48Pages = data.passport?.pages === '48';
    input.express = data.passport?.express === true;
  }
  return input;
}

function complete(kind: IdDocumentKind, data: IdDocumentData, rawFacts: CaseFacts, context: CompletionContext): CompletionEffects {
  const facts = onApplicationDate(rawFacts, context);
  const person = requireSubject(facts);
  const derived = derive(kind, data, facts);
  if (!derived.validUntil) throw new AppError('ID_VALIDITY_UNKNOWN', 'The validity cannot be computed: the birth date is unknown; correct the register.', 422);
  let serialNumber: string;
  const messages: OutboundMessageRequest[] = [];
  if (kind.provisional) {
    // Made on the spot from a blank: its printed number is the serial number; no order goes out.
    serialNumber = (data.provisional?.serialNumber ?? '').trim().toUpperCase();
    if (!serialNumber) throw new AppError('PROVISIONAL_SERIAL_MISSING', 'Enter the serial number of the blank document.', 422);
  } else {
    serialNumber = orderSerialNumber(context.reservedSerialNumber, facts.municipality.authorityCode);
    messages.push({ payload: idOrder(kind, data, facts, context, serialNumber), recipientName: idOrderRecipient, dueBy: null });
  }
  return {
    // The application summary and the PIN-letter receipt are issued at capture (captureDocuments).
    documents: [],
    messages,
    // A provisional document exists from now on; an ordered one only from its hand-over (see newDocumentChange).
    registerChanges: kind.provisional
      ? [newDocumentChange(kind, person, { serialNumber, issuedOn: facts.today, validUntil: derived.validUntil }, facts)]
      : [],
    dataPatch: { order: { serialNumber, issuedOn: facts.today, validUntil: derived.validUntil, eIdEnabled: derived.eIdEnabled, pinLetter: derived.pinLetter } },
  };
}

function captureDocuments(kind: IdDocumentKind, data: IdDocumentData, facts: CaseFacts, context: Omit<CompletionContext, 'completedAt'>): DocumentRequest[] {
  if (!facts.subject) return [];
  const serialNumber = kind.provisional
    ? (data.provisional?.serialNumber ?? '').trim().toUpperCase() || null
    : context.reservedSerialNumber && /^[0-9A-Z]{9}$/.test(context.reservedSerialNumber) ? context.reservedSerialNumber + icaoCheckDigit(context.reservedSerialNumber) : null;
  const documents = [applicationSummary({ kind, data, facts, caseNumber: context.caseNumber, serialNumber, fee: context.fee, officerName: context.officer.name })];
  if (derive(kind, data, facts).pinLetter) {
    documents.push(pinLetterReceipt({ kind, facts, caseNumber: context.caseNumber, serialNumber, at: facts.now, officerName: context.officer.name }));
  }
  return documents;
}

export function idDocumentWorkflow(service: IdDocumentService): Workflow<IdDocumentData> {
  const kind = idDocumentKinds[service];
  const deviceActions: Record<string, DeviceAction<IdDocumentData>> = { take_photo: takePhoto, fetch_photo_code: fetchPhotoCode };
  if (kind.fingerprints) deviceActions.capture_fingerprint = captureFingerprint(kind);
  return {
    serviceId: service,
    dataSchema: idDocumentDataSchema,
    form: idDocumentForm(kind),
    initialData: (facts) => initialData(kind, facts),
    feeInput: (data, facts) => feeInput(kind, data, facts),
    validateCapture: (data, facts) => idDocumentViolations(kind, data, facts),
    notices: (data, facts) => idDocumentNotices(kind, data, facts),
    captureDocuments: (data, facts, context) => captureDocuments(kind, data, facts, context),
    complete: (data, facts, context) => complete(kind, data, facts, context),
    handOver: {
      form: handOverForm(kind),
      validate: (data, input, facts) => handOverViolations(kind, data, input, facts),
      effects: (data, input, facts, context) => handOverEffects(kind, data, input, facts, context),
    },
    deviceActions,
  };
}

export const personalausweisWorkflow = idDocumentWorkflow('personalausweis');
export const vorlaeufigerPersonalausweisWorkflow = idDocumentWorkflow('vorlaeufiger_personalausweis');
export const reisepassWorkflow = idDocumentWorkflow('reisepass');
export const vorlaeufigerReisepassWorkflow = idDocumentWorkflow('vorlaeufiger_reisepass');
