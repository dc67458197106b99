/**
 * Driver interfaces, one per device class (DESIGN §5 "Certified components"). Workflows talk to
 * these ports only; simulators implement them for development and tests, real drivers (IPP, eSCL,
 * SANE, AusweisApp SDK, ZVT) come with the kit. The software's own checks help the operator and
 * never replace the certified module's verdict.
 */
import type { FingerCode } from '../exchange/messages.ts';

export interface CapturedPhoto {
  /** JPEG or PNG, 1244×1600 sRGB per TR-03121 AP 3.4. */
  content: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** The lichtbildaufnehmende Stelle: who took the photo (the authority, or the provider). */
  takenBy: string;
  takenAt: string;
  /** What the capture module measured (TR-03121 geometry), when it reports it; see photo-profile.ts. */
  assessment?: PhotoAssessment;
}

/**
 * Geometry and background of a portrait as a capture module measures it. Ratios are relative to
 * the image (width for horizontal, height for vertical measures); angles in degrees.
 */
export interface PhotoAssessment {
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
  /** Head width / image width. */
  headWidthRatio: number;
  /** Head height (chin to crown) / image height. */
  headHeightRatio: number;
  /** Distance of the eye line from the top edge / image height. */
  eyeLineRatio: number;
  /** Horizontal position of the face centre / image width. */
  centreRatio: number;
  /** Distance between the eye centres in pixels of the delivered image. */
  interEyePx: number;
  /** Size of the sensor region the portrait was cut from; smaller than the delivered image means it was upscaled. */
  sourceCrop: { width: number; height: number };
  /** Background: mean grey level (0–255), its standard deviation (homogeneity) and colourfulness (0 = neutral grey). */
  background: { meanLevel: number; stdDev: number; chroma: number };
}

export interface Camera {
  capturePhoto(): Promise<CapturedPhoto>;
}

/** A certified photo provider's cloud: the citizen brings a code, the authority fetches the photo. */
export interface PhotoCodeProvider {
  fetchPhoto(code: string): Promise<CapturedPhoto>;
}

export interface FingerprintCapture {
  finger: FingerCode;
  /** NFIQ 2 score 0–100. */
  quality: number;
  /** WSQ or PNG image of the flat print. */
  content: Uint8Array;
  mediaType: string;
  capturedAt: string;
}

export interface FingerprintSensor {
  capture(finger: FingerCode): Promise<FingerprintCapture>;
}

export interface TerminalResult {
  ok: boolean;
  /** Machine-readable reason when not ok, e.g. CARD_BLOCKED, CANCELLED_BY_HOLDER, CARD_NOT_PRESENT. */
  errorCode?: string;
  message?: string;
  /** PIN attempts left on the card (3 = none used), when the terminal reports them. */
  retryCounter?: number;
  completedAt: string;
}

/** What the terminal asks the holder to do now, for the officer's display; never carries a value. */
export interface TerminalPrompt {
  step: 'insert-card' | 'enter-pin' | 'enter-new-pin' | 'enter-can' | 'enter-puk';
  text: string;
  textEn: string;
  at: string;
}

/**
 * The Änderungsterminal. The PIN is typed on the terminal's own PIN pad and never passes through
 * this interface; address change works with the CAN read from the card by the terminal.
 * A driver that cannot do an operation rejects with an AppError that names the route (e.g. the
 * certified terminal's own software); it never pretends.
 */
export interface ChangeTerminal {
  changeAddress(request: { documentNumber: string; address: { street: string; houseNumber: string; postcode: string; city: string; wohnortId: string } }): Promise<TerminalResult & { stickerText?: string }>;
  /** PIN Neusetzung: a new PIN for a holder who lost the old one, after identification at the authority. */
  resetPin(request: { documentNumber: string }): Promise<TerminalResult>;
  activateEid(request: { documentNumber: string }): Promise<TerminalResult>;
  /**
   * PIN change by the holder who knows the current PIN (or the Transport-PIN): old and new PIN on
   * the reader's own PIN pad. Not the Neusetzung. Only drivers that can do it have it (AusweisApp
   * with a comfort reader, the simulator). `documentNumber` is the card the case names, for
   * drivers that can check it (the simulator); AusweisApp's PIN change cannot read it, so it works
   * on whichever card lies on the reader.
   */
  changePin?(request: { documentNumber?: string; onPrompt?: (prompt: TerminalPrompt) => void }): Promise<TerminalResult>;
}

export interface ScannedPage {
  content: Uint8Array;
  mediaType: 'image/png' | 'image/jpeg' | 'application/pdf';
  widthPx: number;
  heightPx: number;
  dpi: number;
}

export interface Scanner {
  scan(options: { pages?: number; dpi?: number; colour?: boolean; source?: 'flatbed' | 'feeder' }): Promise<ScannedPage[]>;
}

/** A document to print: the kit prints PDFs only (certificates, receipts, letters from documents/). */
export interface PrintJob {
  document: Uint8Array;
  mediaType: 'application/pdf';
  /** The job's name on the printer's queue, e.g. "Meldebestätigung Krause"; keep register data out of it where the queue is shared. */
  title: string;
  /** 1 when not given. */
  copies?: number;
  /** Both sides, long-edge binding; false or not given prints one-sided. */
  duplex?: boolean;
}

/** IPP job states (RFC 8011 §5.3.7); completed, canceled and aborted are final. */
export type PrintJobState = 'pending' | 'pending-held' | 'processing' | 'processing-stopped' | 'canceled' | 'aborted' | 'completed';

export interface PrintJobResult {
  jobId: number;
  state: PrintJobState;
  /** IPP job-state-reasons keywords, e.g. job-completed-successfully, document-format-error. */
  stateReasons: string[];
  /** When the printer took the job and, for a final state, when it got there (ISO timestamps). */
  submittedAt: string;
  finishedAt?: string;
  /** What the printer said about the job, e.g. why it could not print it (job-printer-state-message). */
  message?: string;
}

/** The printer's answer for the device page: DeviceHealth plus what the printer itself reports. */
export interface PrinterHealth extends DeviceHealth {
  model?: string;
  state?: 'idle' | 'processing' | 'stopped';
  /** IPP printer-state-reasons keywords without 'none', e.g. media-empty-error, toner-low-warning. */
  stateReasons: string[];
  acceptingJobs?: boolean;
}

/**
 * The kit printer. print() resolves once the job reached a final state (completed, or aborted or
 * canceled at the printer: check `state`); it rejects with an AppError when the printer cannot
 * be reached, refuses the job or the job does not finish in time.
 */
export interface Printer extends HealthCheck {
  print(job: PrintJob): Promise<PrintJobResult>;
  health(): Promise<PrinterHealth>;
}

/** What the officer charges: whole cents (EUR) and the case's own reference, kept with the result. */
export interface PaymentRequest {
  amountCents: number;
  /** Bürgerkoffer's reference, e.g. the case number; the terminal does not see it. */
  reference: string;
  /** Called with every status the terminal shows (insert card, PIN, waiting for the host), for the officer's display. */
  onStatus?: (status: PaymentStatus) => void;
}

export interface PaymentStatus {
  /** ZVT intermediate status code. */
  code: number;
  text: string;
  textEn: string;
  at: string;
}

/**
 * approved: the money is taken. declined: the card or its issuer refused, nothing taken. aborted:
 * the customer, the officer (abort()) or a timeout at the terminal ended it, nothing taken.
 * unknown: the connection broke or went silent after the terminal had started; the money may
 * have been taken — check the terminal's last receipt before charging again. Never a decline.
 */
export type PaymentOutcome = 'approved' | 'declined' | 'aborted' | 'unknown';

/** The result of one card payment. Carries no card data beyond the brand and a masked PAN, and those only when the terminal reports them. */
export interface PaymentResult {
  outcome: PaymentOutcome;
  amountCents: number;
  reference: string;
  /** What the officer reads (German), and in English. */
  message: string;
  messageEn: string;
  /** The terminal's result code when it sent one (ZVT BMP 27 or Abort 06 1E). */
  resultCode?: number;
  /** Who ended an aborted payment: the terminal (customer's abort key, timeout) or the officer through abort(). */
  abortedBy?: 'terminal' | 'officer';
  /** The terminal's receipt number (Belegnummer), trace number and terminal id (TID). */
  receiptNumber?: string;
  traceNumber?: string;
  terminalId?: string;
  /** Approval code of the authorisation, when given. */
  authorisationCode?: string;
  cardBrand?: string;
  /** e.g. "************8074"; never a full PAN. */
  maskedPan?: string;
  /** The lines the terminal sent for printing (customer and merchant receipt), in order. */
  receiptLines: string[];
  /** The statuses the terminal showed on the way, in order. */
  statuses: PaymentStatus[];
  /** The terminal's own date and time of the transaction (local time, no zone), when it reports them. */
  terminalTime?: string;
  startedAt: string;
  completedAt: string;
}

/**
 * The card payment terminal. pay() resolves with every outcome the terminal reports, and with
 * `unknown` when the dialogue breaks off after the terminal took the payment command. It rejects
 * with an AppError only when nothing can have been charged: terminal not reachable, busy, or it
 * refused the command.
 */
export interface PaymentTerminal extends HealthCheck {
  pay(request: PaymentRequest): Promise<PaymentResult>;
  /** Asks the terminal to abort the running payment (the terminal decides; pay() resolves with what it did). No-op without one. */
  abort(): Promise<void>;
}

export interface DevicePorts {
  camera: Camera;
  photoCodes: PhotoCodeProvider;
  fingerprints: FingerprintSensor;
  changeTerminal: ChangeTerminal;
  scanner: Scanner;
  printer: Printer;
  payment: PaymentTerminal;
}

/**
 * What the kit's device page shows before the officers leave: is the device there and working?
 * Every driver and simulator answers it without side effects (no paper, no charge, no capture).
 */
export interface DeviceHealth {
  /** Device class, e.g. 'printer', 'scanner', 'payment'. */
  device: string;
  /** Which driver answered: 'ipp', 'escl', 'sane', 'zvt', 'simulator', … */
  driver: string;
  ok: boolean;
  /** What the officer reads: model and state, or what is wrong and how to fix it (German first, then the English in `detailEn`). */
  detail: string;
  detailEn?: string;
  checkedAt: string;
}

/**
 * Printer and card terminal always answer it; the other ports answer it where their driver does
 * (a health() beside the port's methods, see checkDeviceHealth); one without is reported as not checkable.
 */
export interface HealthCheck {
  health(): Promise<DeviceHealth>;
}
