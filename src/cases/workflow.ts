/**
 * The contract between the case engine and the per-service workflows.
 *
 * A workflow is pure: it reads the captured data of one case and a snapshot of the facts it
 * depends on (the data subject's register record, the municipality, today) and answers with
 * violations, notices, the fee inputs and — on completion — the effects to carry out. It does no
 * I/O, so the Rathaus and the kit (offline) run the same code. Device operations (camera,
 * fingerprint sensor, Änderungsterminal, scanner) are the only impure part; they are declared
 * here as actions over device ports and run at the edge.
 */
import type { z } from 'zod';
import type { ServiceId, Text } from '../catalogue/services.ts';
import type { DevicePorts } from '../devices/types.ts';
import type { OutboundMessageRequest } from '../exchange/messages.ts';
import type { FeeQuote, FeeQuoteInput } from '../fees/types.ts';

export type { ServiceId, Text };

/** Something that stands between a case and its next state: what, where (field), how to fix. */
export interface Violation {
  /** Stable code, e.g. FINGERPRINT_ATTEMPTS_EXCEEDED. */
  code: string;
  /** Dot path of the captured field it concerns (e.g. "fingerprints"), absent for the case as a whole. */
  field?: string;
  message: Text;
}

/** Information the officer must see (and, where required, acknowledge) but that does not block. */
export interface Notice {
  code: string;
  message: Text;
  /** For notices that must be acknowledged (e.g. the Amtsgericht inspection hint), the data field recording it. */
  acknowledgeField?: string;
}

// ——— facts ———

export interface AddressFacts {
  street: string;
  houseNumber: string;
  addition: string | null;
  postcode: string;
  city: string;
  ags: string;
}

export interface ResidenceFacts {
  residenceId: string;
  kind: 'haupt' | 'neben';
  movedIn: string;
  movedOut: string | null;
  address: AddressFacts;
}

export interface PersonFacts {
  id: string;
  familyName: string;
  birthName: string | null;
  givenNames: string[];
  preferredGivenName: number | null;
  doctoralDegree: string | null;
  religiousName: string | null;
  artistName: string | null;
  /** YYYY-MM-DD or partial (YYYY, YYYY-MM), null when unknown. */
  birthDate: string | null;
  birthPlace: string | null;
  birthCountry: string | null;
  sex: string;
  nationalities: string[];
  maritalStatus: string;
  dateOfDeath: string | null;
  /** Residences current on the application date (Hauptwohnung first). */
  residences: ResidenceFacts[];
  documents: { kind: string; serialNumber: string; issuedOn: string; validUntil: string; status: string }[];
  /** Active Auskunftssperre / bedingter Sperrvermerk: documents must not print blocked data for others. */
  blocks: ('auskunftssperre' | 'bedingter_sperrvermerk')[];
  relations: { kind: string; relatedPersonId: string | null; externalName: string | null; scope: string[] | null }[];
}

export interface MunicipalityFacts {
  id: string;
  ags: string;
  /** e.g. "Bochum". */
  name: string;
  /** The authority as printed, e.g. "Stadt Bochum – Bürgerbüro". */
  authorityName: string;
  /** Behördenkennzahl for ID documents (4 characters, first part of the serial number). */
  authorityCode: string;
}

export interface CaseFacts {
  /** Application date, YYYY-MM-DD (Europe/Berlin). */
  today: string;
  /** ISO timestamp of the moment the facts were taken. */
  now: string;
  municipality: MunicipalityFacts;
  /** The data subject; null only while an Anmeldung of a person new to the register is captured. */
  subject: PersonFacts | null;
  /**
   * Other register persons the data refers to (family members moving together, a Betreuer), by id.
   * The engine loads every register id the case names: values of form fields of kind `person`
   * (a string or an array of strings), values under keys `personId`, `…PersonId` or `personIds`
   * anywhere in the data, and the applicant's personId. Persons under a block the officer may not
   * see are left out.
   */
  others: Record<string, PersonFacts>;
  /** Attachments of the case (metadata only), so rules can check that a scan or photo exists. */
  attachments: AttachmentFacts[];
  /**
   * Who applies (the case's applicant), for services whose rules depend on it (Führungszeugnis:
   * no Bevollmächtigte, BZRG § 30 Abs. 2 Satz 3). Absent means the engine did not say; such rules
   * then treat the data subject as applying in person.
   */
  applicant?: Applicant;
}

export interface AttachmentFacts {
  id: string;
  /** photo | fingerprint | signature | scan | written_request | wohnungsgeberbestaetigung | other */
  kind: string;
  mediaType: string;
  /** Set when the attachment's content was deleted (fingerprints after hand-over). */
  deleted: boolean;
}

// ——— applicant ———

/**
 * Who applies: the data subject in person, or someone for them (DESIGN §5: the applicant is
 * separate from the data subject). Whether a kind is allowed depends on the service.
 */
export type Applicant =
  | { kind: 'self' }
  | {
    kind: 'legal_representative' | 'betreuer' | 'parent' | 'care_home_head' | 'authorised_person';
    name: string;
    /** Register id when the applicant is in the register. */
    personId?: string | null;
    address?: string | null;
    /** Betreuer: the Aufgabenkreise shown on the Betreuerausweis, e.g. aufenthaltsbestimmung. */
    scope?: string[];
    /** What proves the authority: Betreuerausweis number, öffentlich beglaubigte Vollmacht, … */
    evidence: string;
  };

// ——— the guided form ———

export type FieldKind =
  | 'text' | 'textarea' | 'date' | 'time' | 'number' | 'boolean' | 'select' | 'multiselect'
  | 'address' | 'person'
  /** Filled by a device action (photo, fingerprints, scan, terminal) — the UI shows a button. */
  | 'device'
  /** A touch signature, uploaded as an attachment. */
  | 'signature'
  /** A file upload (evidence scan) stored as an attachment. */
  | 'upload';

export interface FieldSpec {
  /** Dot path in the case data. */
  name: string;
  kind: FieldKind;
  label: Text;
  help?: Text;
  required?: boolean;
  options?: { value: string; label: Text }[];
  /**
   * For kind device: the action to run (see Workflow.deviceActions). The UI sends the action the
   * open step's values as its input (typed, saved or not) and, when the field has `options`, the
   * officer's choice as `input.option` (e.g. the finger to capture).
   */
  action?: string;
  /** Shown only when the data at `field` equals one of `equals` (or is truthy, when equals is absent). */
  visibleWhen?: { field: string; equals?: (string | number | boolean)[] };
  min?: number;
  max?: number;
}

export interface FormStep {
  id: string;
  title: Text;
  fields: FieldSpec[];
}

// ——— documents ———

export type DocumentKind =
  | 'meldebestaetigung'
  | 'meldebescheinigung'
  | 'lebensbescheinigung'
  | 'lebensbescheinigung_vermerk'
  | 'beglaubigungsvermerk'
  | 'unterschriftsbeglaubigung'
  | 'befreiung_ausweispflicht'
  | 'antragsuebersicht'
  | 'fee_receipt'
  | 'pin_letter_receipt'
  | 'handover_record'
  | 'address_sticker'
  | 'fuehrungszeugnis_antrag'
  // visit requests (issue 4): letters to requesters and institutions
  | 'visit_denial'
  | 'visit_confirmation'
  | 'visit_institution_letter'
  | 'visit_cancellation';

export interface DocumentField {
  label: string;
  value: string;
}

export interface DocumentSection {
  heading?: string;
  fields?: DocumentField[];
  paragraphs?: string[];
  table?: { columns: string[]; rows: string[][] };
}

/**
 * A document as content, not layout: the documents area renders it as PDF/A-2b with the
 * municipality's letterhead and seal. German text.
 */
export interface DocumentRequest {
  kind: DocumentKind;
  title: string;
  /** Address block lines (addressee), if the document is addressed. */
  recipient?: string[];
  sections: DocumentSection[];
  /** Certificates carry a QR code with a signed verification token and a short code. */
  verifiable: boolean;
  /**
   * What GET /verify/<code> shows: a subset of what the document prints, never more. Required
   * when verifiable.
   */
  certifies?: DocumentField[];
  /** Closing block: place, date, officer; with the Dienstsiegel for certificates. */
  signature?: { place: string; date: string; officerName: string; seal: boolean };
  /**
   * Scanned pages (attachment ids) to include: the certified copy before its Vermerk, or the
   * citizen's own form to print the Vermerk onto.
   */
  pages?: { attachmentId: string; placement: 'before' | 'after' }[];
  /** Larger type for letters in Leichte Sprache (and whoever asked for large print). */
  largePrint?: boolean;
}

// ——— register changes ———

export interface NewPerson {
  familyName: string;
  birthName: string | null;
  givenNames: string[];
  preferredGivenName: number | null;
  doctoralDegree: string | null;
  birthDate: string | null;
  birthPlace: string | null;
  birthCountry: string | null;
  sex: 'm' | 'w' | 'd' | 'x';
  nationalities: string[];
  maritalStatus: string;
  religion: string | null;
}

/** Changes to the Melderegister a completed case carries out; applied in the case's transaction with history. */
export type RegisterChange =
  /** Anmeldung of a person new to the register; `ref` names them for later changes of the same case. */
  | { kind: 'create_person'; ref: string; person: NewPerson }
  | {
    kind: 'move_in';
    /** Register id, or the ref of a create_person change in the same effects. */
    person: { id: string } | { ref: string };
    address: AddressFacts;
    residenceKind: 'haupt' | 'neben';
    movedIn: string;
    registeredOn: string;
  }
  | { kind: 'move_out'; personId: string; residenceId: string; movedOut: string; registeredOn: string; destination: string | null }
  /** A Hauptwohnung becomes a Nebenwohnung (or back) when another residence takes its place. */
  | { kind: 'change_residence_kind'; personId: string; residenceId: string; residenceKind: 'haupt' | 'neben' }
  /** An ID document ordered or issued: recorded on the person (status valid from hand-over). */
  | { kind: 'record_document'; personId: string; documentKind: string; serialNumber: string; issuedOn: string; validUntil: string; issuingAuthority: string }
  | { kind: 'update_document_status'; personId: string; serialNumber: string; status: 'invalidated' | 'handed_over_old' };

// ——— completion ———

export interface CompletionContext {
  caseNumber: string;
  /** ISO timestamp. */
  completedAt: string;
  officer: { id: string; name: string };
  /** The quote frozen when the case was captured. */
  fee: FeeQuote;
  /** Serial numbers reserved for this case by the engine (ID documents), 9 characters without check digit. */
  reservedSerialNumber: string | null;
}

export interface CompletionEffects {
  documents: DocumentRequest[];
  messages: OutboundMessageRequest[];
  registerChanges: RegisterChange[];
  /** Data the completion adds to the case (e.g. the serial number, validity). Merged into the case data. */
  dataPatch?: Record<string, unknown>;
}

export interface HandOverEffects {
  documents: DocumentRequest[];
  registerChanges: RegisterChange[];
  /** Attachment kinds whose content must be deleted now (fingerprints: PAuswG § 26). */
  deleteAttachmentKinds: string[];
  dataPatch?: Record<string, unknown>;
}

// ——— device actions ———

export interface NewAttachment {
  kind: string;
  mediaType: string;
  content: Uint8Array;
  /** Biometric data is deleted at hand-over; the flag lets the engine find it. */
  biometric: boolean;
}

export interface DeviceActionResult {
  /** Merged into the case data (deep merge of plain objects; arrays replaced). `$attachment:N` in a string value is replaced by the id of attachments[N]. */
  dataPatch: Record<string, unknown>;
  attachments: NewAttachment[];
}

/** A device operation of a workflow (method syntax, so workflows of different data types share one registry). */
export interface DeviceAction<TData> {
  label: Text;
  run(devices: DevicePorts, input: Record<string, unknown>, data: Partial<TData>, facts: CaseFacts): Promise<DeviceActionResult>;
}

// ——— the workflow ———

export interface Workflow<TData extends Record<string, unknown> = Record<string, unknown>> {
  serviceId: ServiceId;
  /** Schema of fully captured data (drafts are stored partial, validated by validateCapture). */
  dataSchema: z.ZodType<TData>;
  form: FormStep[];
  /** Pre-fills a new draft from the register (e.g. the current address). */
  initialData?(facts: CaseFacts): Partial<TData>;
  feeInput(data: Partial<TData>, facts: CaseFacts): FeeQuoteInput;
  /** Every violation standing between the draft and "captured", all at once. */
  validateCapture(data: Partial<TData>, facts: CaseFacts): Violation[];
  notices?(data: Partial<TData>, facts: CaseFacts): Notice[];
  /** Documents that can be printed once captured, before completion (application summary, PIN letter receipt). */
  captureDocuments?(data: TData, facts: CaseFacts, context: Omit<CompletionContext, 'completedAt'>): DocumentRequest[];
  complete(data: TData, facts: CaseFacts, context: CompletionContext): CompletionEffects;
  /** ID documents only: the separate hand-over step. */
  handOver?: {
    form: FormStep[];
    validate(data: TData, input: Record<string, unknown>, facts: CaseFacts): Violation[];
    effects(data: TData, input: Record<string, unknown>, facts: CaseFacts, context: CompletionContext): HandOverEffects;
  };
  deviceActions?: Record<string, DeviceAction<TData>>;
}
