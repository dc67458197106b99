import { z } from 'zod';
import type { FingerCode } from '../../../exchange/messages.ts';

/**
 * The captured data of an ID document case (all four kinds share one shape; a kind ignores what it
 * does not use). The schema checks types only: drafts are stored partial, and completeness is
 * the business of the rules (rules.ts), which report every gap at once with what to do.
 */
export const fingerCodes = [
  'left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_middle', 'right_middle', 'left_ring', 'right_ring',
] as const satisfies readonly FingerCode[];

/** Eye colours as the PAuswV / PassV entries know them. ⚠ list not verified against Anhang 3; keep it data. */
export const eyeColours = ['blau', 'blaugrau', 'blaugrün', 'braun', 'grau', 'graugrün', 'grün', 'schwarz'] as const;
export type EyeColour = (typeof eyeColours)[number];

export const presentedDocumentKinds = [
  'personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass', 'kinderreisepass', 'other', 'none',
] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const finger = z.enum(fingerCodes);

export const fingerprintAttemptSchema = z.object({
  finger,
  /** 1, 2, 3 per finger. */
  attempt: z.number().int().min(1),
  /** NFIQ 2 score reported by the sensor. */
  quality: z.number().min(0).max(100),
  attachmentId: z.string().min(1),
  capturedAt: z.string(),
});
export type FingerprintAttempt = z.infer<typeof fingerprintAttemptSchema>;

const deliveryAddress = z.object({
  street: z.string().nullish(),
  houseNumber: z.string().nullish(),
  addition: z.string().nullish(),
  postcode: z.string().nullish(),
  city: z.string().nullish(),
});

export const idDocumentDataSchema = z.object({
  /** The data subject appears in person (at the counter or at the home visit). */
  appearance: z.object({ inPerson: z.boolean().optional() }).optional(),
  identity: z.object({
    presentedDocumentKind: z.enum(presentedDocumentKinds).optional(),
    presentedSerialNumber: z.string().optional(),
    /** Names, birth data and address of the presented document agree with the register. */
    dataMatchRegister: z.boolean().optional(),
    /** The person present is the one on the presented document's photo. */
    personMatchesDocument: z.boolean().optional(),
    /** Without an ID document: what established the identity (birth certificate, …). */
    otherEvidence: z.string().optional(),
  }).optional(),
  /** For an authorised person (Vorsorgevollmacht): what the engine's applicant does not say. */
  representation: z.object({
    powerOfAttorneyPubliclyCertified: z.boolean().optional(),
    /** Reisepass for a minor applying themselves: the consent of the Sorgeberechtigten is presented. */
    parentalConsent: z.boolean().optional(),
  }).optional(),
  competence: z.object({ importantReason: z.string().optional() }).optional(),
  outsideOfficeHours: z.boolean().optional(),
  photoCode: z.string().optional(),
  photo: z.object({
    source: z.enum(['camera', 'photo_code']).optional(),
    attachmentId: z.string().optional(),
    /** The lichtbildaufnehmende Stelle. */
    takenBy: z.string().optional(),
    takenAt: z.string().optional(),
    /** The authority took it (fee surcharge). */
    byAuthority: z.boolean().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    code: z.string().optional(),
    device: z.string().optional(),
    assessment: z.object({
      yawDeg: z.number(), pitchDeg: z.number(), rollDeg: z.number(),
      headWidthRatio: z.number(), headHeightRatio: z.number(), eyeLineRatio: z.number(), centreRatio: z.number(),
      interEyePx: z.number(),
      sourceCrop: z.object({ width: z.number(), height: z.number() }),
      background: z.object({ meanLevel: z.number(), stdDev: z.number(), chroma: z.number() }),
    }).optional(),
    officerDecision: z.enum(['accepted', 'vetoed']).optional(),
    /**
     * The officer took the photo despite these findings of the pre-check (take_photo's
     * input.override), at that time; each one is then a notice instead of a violation.
     */
    override: z.object({ checks: z.array(z.string()), at: z.string().optional() }).optional(),
  }).optional(),
  /** Provisional documents only: a paper photo brought by the citizen, glued into the document. */
  paperPhoto: z.object({ provided: z.boolean().optional(), takenBy: z.string().optional() }).optional(),
  fingerprints: z.object({
    attempts: z.array(fingerprintAttemptSchema).optional(),
    /** The finger the officer wants next; empty means the next one in the order. Cleared by each capture. */
    nextFinger: finger.optional(),
    /** Fingers that cannot be captured (missing, injured), so the fallback skips them. */
    unavailableFingers: z.array(finger).optional(),
    unavailableReason: z.string().optional(),
    /** Capture is permanently impossible (PAuswG § 5 Abs. 9 / PassG § 4 Abs. 3): documented exemption. */
    exempt: z.boolean().optional(),
    exemptionReason: z.string().optional(),
  }).optional(),
  /** Attachment id of the signature (kind signature), when the UI names it; otherwise the case's latest signature attachment counts. */
  signature: z.string().optional(),
  signatureImpossible: z.boolean().optional(),
  signatureImpossibleReason: z.string().optional(),
  heightCm: z.number().optional(),
  eyeColour: z.enum(eyeColours).optional(),
  /** The holder was told about the eID function and the PIN letter (PAuswG § 11 Abs. 3). */
  eidInformationGiven: z.boolean().optional(),
  delivery: z.object({
    kind: z.enum(['pickup', 'postal']).optional(),
    address: deliveryAddress.optional(),
    recipientName: z.string().optional(),
  }).optional(),
  passport: z.object({ pages: z.enum(['32', '48']).optional(), express: z.boolean().optional() }).optional(),
  provisional: z.object({
    /** Typed from the blank document: 9 characters and the ICAO check digit. */
    serialNumber: z.string().optional(),
    validUntil: isoDate.optional(),
  }).optional(),
  /** Written by complete(). */
  order: z.object({
    serialNumber: z.string(),
    issuedOn: isoDate,
    validUntil: isoDate,
    eIdEnabled: z.boolean(),
    pinLetter: z.boolean(),
  }).optional(),
  /** Written by the hand-over. */
  handOver: z.object({
    handedOverAt: z.string(),
    receivedBy: z.string(),
    receiverName: z.string().nullable(),
    oldDocumentSerialNumber: z.string().nullable(),
    oldDocumentOutcome: z.string(),
  }).optional(),
});

export type IdDocumentData = z.infer<typeof idDocumentDataSchema>;
