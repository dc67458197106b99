import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** The captured data of a Führungszeugnis case (BZRG §§ 30–30b). */
export const fuehrungszeugnisDataSchema = z.strictObject({
  /** Belegart: N = for the applicant (private), O = sent directly to an authority. */
  type: z.enum(['N', 'O']),
  /** § 30a: erweitertes Führungszeugnis. */
  extended: z.boolean(),
  /** § 30b: Europäisches Führungszeugnis. */
  european: z.boolean(),
  /** Verwendungszweck as the applicant states it. */
  purpose: z.string().max(200).nullish(),
  /**
   * Type O: the receiving authority and its Aktenzeichen. The parts are optional in the shape (a
   * type N case may keep a half-filled authority the form hides); the rules require them for O.
   */
  recipientAuthority: z.strictObject({ name: z.string().max(200).nullish(), address: z.string().max(400).nullish(), reference: z.string().max(100).nullish() }).nullish(),
  /** Type O: the applicant was told about inspection at an Amtsgericht (§ 30 Abs. 5 Satz 3–5). */
  inspectionHintAcknowledged: z.boolean().nullish(),
  /** Type O: the Amtsgericht a certificate with entries goes to first, if the applicant asks for it. */
  inspectionCourt: z.string().max(200).nullish(),
  /** § 30a Abs. 2: the written request (scan as attachment kind written_request), who issued it and when. */
  writtenRequest: z.strictObject({
    attachmentId: z.string().nullish(),
    issuer: z.string().max(300).nullish(),
    date: isoDate.nullish(),
    confirmsPrerequisites: z.boolean().nullish(),
  }).nullish(),
  /** How the applicant's identity was checked (§ 30 Abs. 2 Satz 2). */
  identity: z.strictObject({
    /** register = a document of the register; other = a document presented that the register does not hold. */
    source: z.enum(['register', 'other']),
    serialNumber: text(40),
    kind: z.string().max(60).nullish(),
    issuingCountry: z.string().max(2).nullish(),
    validUntil: isoDate.nullish(),
  }),
  /** Gebührenbefreiung wegen Bedürftigkeit. */
  feeWaiver: z.strictObject({ requested: z.boolean(), reason: z.string().max(500).nullish() }).nullish(),
});
export type FuehrungszeugnisData = z.infer<typeof fuehrungszeugnisDataSchema>;

/** A draft: every part may be missing or half filled. */
export type FuehrungszeugnisDraft = Partial<{
  [K in keyof FuehrungszeugnisData]: NonNullable<FuehrungszeugnisData[K]> extends Record<string, unknown>
    ? Partial<NonNullable<FuehrungszeugnisData[K]>> | null
    : FuehrungszeugnisData[K] | null;
}>;

export const identityKinds = [
  { value: 'reisepass_ausland', label: { de: 'Ausländischer Reisepass', en: 'Foreign passport' } },
  { value: 'identitaetskarte_eu', label: { de: 'Identitätskarte eines EU-/EWR-Staats', en: 'ID card of an EU/EEA state' } },
  { value: 'personalausweis_anderer_behoerde', label: { de: 'Deutscher Ausweis (nicht in diesem Register)', en: 'German ID (not in this register)' } },
  { value: 'aufenthaltstitel', label: { de: 'Aufenthaltstitel mit Lichtbild', en: 'Residence permit with photo' } },
] as const;
