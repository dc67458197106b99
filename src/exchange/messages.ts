/**
 * What the case workflows hand to the outbox, in domain terms. The exchange area turns each
 * payload into its wire format (XMeld XML for the Rückmeldung, an XhD-style XML for the ID order
 * per BSI TR-03123, an XML application for the Bundeszentralregister) and sends it through a
 * transport. Binary parts (photo, fingerprints, signature, scans) are referenced by attachment id.
 */

export interface MessageAddress {
  street: string;
  houseNumber: string;
  addition: string | null;
  postcode: string;
  city: string;
  /** Amtlicher Gemeindeschlüssel (8 digits); the Wohnort-ID of TR-03123 is derived from it. */
  ags: string;
}

export interface MessagePersonNames {
  familyName: string;
  birthName: string | null;
  givenNames: string[];
  /** Index of the gebräuchlicher Vorname in givenNames, if marked. */
  preferredGivenName: number | null;
  doctoralDegree: string | null;
  religiousName: string | null;
  artistName: string | null;
}

export interface MessagePerson extends MessagePersonNames {
  /** Register id of the person at the sending municipality. */
  personId: string;
  /** YYYY-MM-DD or partial. */
  birthDate: string | null;
  birthPlace: string | null;
  birthCountry: string | null;
  sex: string;
  /** ISO 3166-1 alpha-2. */
  nationalities: string[];
}

/** Rückmeldung (§ 33 BMG) to the former municipality after an Anmeldung from elsewhere in Germany: XMeld 0201. */
export interface RueckmeldungPayload {
  kind: 'xmeld_rueckmeldung';
  /** The registration case, for the message id and the Aktenzeichen. */
  caseNumber: string;
  /** Municipality that received the Anmeldung (sender). */
  sender: { ags: string; name: string };
  /** Former municipality (recipient): AGS and name. */
  recipient: { ags: string; name: string };
  /** The persons who moved together; the first one is the data subject of the case. */
  persons: {
    person: MessagePerson;
    newAddress: MessageAddress;
    /** haupt | neben at the new address. */
    residenceKind: 'haupt' | 'neben';
    previousAddress: MessageAddress;
    movedIn: string;
    registeredOn: string;
  }[];
  /** Last working day by which the message must be sent (3 working days after registration). */
  dueBy: string;
}

export type FingerCode =
  | 'right_thumb' | 'right_index' | 'right_middle' | 'right_ring'
  | 'left_thumb' | 'left_index' | 'left_middle' | 'left_ring';

/** Order of an ID document at the Bundesdruckerei (fields of BSI TR-03123 XhD). */
export interface IdOrderPayload {
  kind: 'id_order';
  caseNumber: string;
  document: 'personalausweis' | 'reisepass';
  /** 9 alphanumerics + check digit (ICAO 9303), e.g. L01X00T471 + check digit. */
  serialNumber: string;
  /** Behördenkennzahl of the issuing authority (first 4 characters of the serial number). */
  authorityCode: string;
  authorityName: string;
  applicationDate: string;
  validUntil: string;
  person: MessagePerson;
  /** Names as they will be printed, after applying the print-line limits. */
  printedNames: { familyNameLine: string; birthNameLine: string | null; givenNamesLine: string; truncated: boolean };
  address: MessageAddress & { wohnortId: string };
  heightCm: number;
  eyeColour: string;
  photo: { attachmentId: string; takenBy: string };
  /** Two prints of different fingers, or an exemption (none under 6, or permanently impossible). */
  fingerprints: { finger: FingerCode; quality: number; attachmentId: string }[];
  fingerprintExemption: { reason: string } | null;
  signature: { attachmentId: string } | { waivedReason: string };
  eIdEnabled: boolean;
  pinLetter: boolean;
  delivery: { kind: 'pickup' } | { kind: 'postal'; address: MessageAddress; recipientName: string };
  passport48Pages?: boolean;
  express?: boolean;
}

/** Application for a Führungszeugnis to the Bundeszentralregister (BZRG § 30). */
export interface BzrApplicationPayload {
  kind: 'bzr_application';
  caseNumber: string;
  authority: { ags: string; name: string };
  applicationDate: string;
  /** N = private, O = to an authority; erweitert (§ 30a) and europaeisch (§ 30b) in either form. */
  certificate: { type: 'N' | 'O'; extended: boolean; european: boolean };
  /** For type O: the receiving authority and its Aktenzeichen. */
  recipientAuthority: { name: string; address: string; reference: string } | null;
  purpose: string | null;
  person: MessagePerson;
  address: MessageAddress;
  /** How the identity was checked: document kind and number. */
  identityDocument: { kind: string; serialNumber: string };
  /** § 30a: the written request was presented (attachment of its scan). */
  writtenRequestAttachmentId: string | null;
  /** § 30a: who issued the written request (the body that asks for the extended certificate), and its date. */
  writtenRequest?: { issuer: string; date: string } | null;
  /**
   * Type O only (§ 30 Abs. 5 Satz 3): the applicant asked that a certificate with entries first goes
   * to this Amtsgericht for inspection; null when not asked.
   */
  inspectionCourt?: string | null;
  /** Who filed the application when not the data subject in person: the gesetzliche Vertretung (§ 30 Abs. 1 Satz 2, 3). */
  legalRepresentative?: { kind: string; name: string; evidence: string } | null;
  fee: { totalCents: number; municipalityCents: number; federalCents: number; waived: boolean };
}

export type OutboundPayload = RueckmeldungPayload | IdOrderPayload | BzrApplicationPayload;
export type OutboundKind = OutboundPayload['kind'];

/** What a workflow asks the outbox to send when its case completes. */
export interface OutboundMessageRequest {
  payload: OutboundPayload;
  /** Human-readable recipient for the clerk's outbox view. */
  recipientName: string;
  /** YYYY-MM-DD by which it must have gone out, if the law sets a deadline. */
  dueBy: string | null;
}
