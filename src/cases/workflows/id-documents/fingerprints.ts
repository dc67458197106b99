/**
 * The fingerprint rules of PA and Reisepass (DESIGN §5; PAuswG § 5 Abs. 9, PassG § 4 Abs. 3,
 * TR-03121): a flat print of the left and of the right index finger; when a finger fails, the next
 * one of the same hand in the order thumb → middle → ring; at most three attempts per finger; a
 * print counts when its NFIQ 2 score reaches the finger's threshold; the two prints are of
 * different fingers, one per hand where the hand allows it; nothing under 6; a documented
 * exemption when capture is permanently impossible. Pure.
 */
import type { FingerCode } from '../../../exchange/messages.ts';
import type { AttachmentFacts, Text, Violation } from '../../workflow.ts';
import { violation } from '../text.ts';
import type { FingerprintAttempt } from './data.ts';

export type Hand = 'left' | 'right';
export type FingerKind = 'index' | 'thumb' | 'middle' | 'ring';

/** NFIQ 2 score a print must reach, per finger (TR-03121). */
export const nfiqThresholds: Record<FingerKind, number> = { thumb: 30, index: 30, middle: 20, ring: 10 };
export const maxAttemptsPerFinger = 3;
/** Below this age no fingerprints are taken (PAuswG § 5 Abs. 9, PassG § 4 Abs. 3). */
export const fingerprintMinimumAge = 6;
/** The order per hand: index finger first, then the fallbacks. */
export const fallbackOrder: readonly FingerKind[] = ['index', 'thumb', 'middle', 'ring'];
export const hands: readonly Hand[] = ['left', 'right'];

export function fingerCode(hand: Hand, kind: FingerKind): FingerCode {
  return `${hand}_${kind}`;
}

export function fingerParts(code: FingerCode): { hand: Hand; kind: FingerKind } {
  const [hand, kind] = code.split('_') as [Hand, FingerKind];
  return { hand, kind };
}

export function thresholdOf(code: FingerCode): number {
  return nfiqThresholds[fingerParts(code).kind];
}

const fingerNames: Record<FingerCode, Text> = {
  left_index: { de: 'linker Zeigefinger', en: 'left index finger' },
  right_index: { de: 'rechter Zeigefinger', en: 'right index finger' },
  left_thumb: { de: 'linker Daumen', en: 'left thumb' },
  right_thumb: { de: 'rechter Daumen', en: 'right thumb' },
  left_middle: { de: 'linker Mittelfinger', en: 'left middle finger' },
  right_middle: { de: 'rechter Mittelfinger', en: 'right middle finger' },
  left_ring: { de: 'linker Ringfinger', en: 'left ring finger' },
  right_ring: { de: 'rechter Ringfinger', en: 'right ring finger' },
};

export function fingerName(code: FingerCode): Text {
  return fingerNames[code];
}

export type FingerState = 'untried' | 'in_progress' | 'accepted' | 'failed' | 'unavailable';

export interface FingerStatus {
  state: FingerState;
  attempts: number;
  /** The best accepted attempt (highest score). */
  accepted: FingerprintAttempt | null;
}

export interface FingerprintSituation {
  fingers: Record<FingerCode, FingerStatus>;
  /** The prints that go into the order: at most two, different fingers. */
  selected: FingerprintAttempt[];
  /** Fingers that may be captured now (the open slot of each hand). */
  next: FingerCode[];
  complete: boolean;
  /** No print can be added any more (every finger accepted, failed or unavailable) and fewer than two were selected. */
  exhausted: boolean;
}

export interface FingerprintInput {
  attempts?: FingerprintAttempt[] | undefined;
  unavailableFingers?: FingerCode[] | undefined;
}

function statusOf(code: FingerCode, attempts: readonly FingerprintAttempt[], unavailable: ReadonlySet<FingerCode>): FingerStatus {
  // Attempts beyond the limit never count, so an excess print cannot make a finger pass.
  const own = attempts.filter((a) => a.finger === code).slice(0, maxAttemptsPerFinger);
  const threshold = thresholdOf(code);
  const passing = own.filter((a) => a.quality >= threshold).sort((a, b) => b.quality - a.quality);
  const accepted = passing[0] ?? null;
  if (accepted) return { state: 'accepted', attempts: own.length, accepted };
  if (unavailable.has(code)) return { state: 'unavailable', attempts: own.length, accepted: null };
  if (own.length >= maxAttemptsPerFinger) return { state: 'failed', attempts: own.length, accepted: null };
  return { state: own.length === 0 ? 'untried' : 'in_progress', attempts: own.length, accepted: null };
}

type Slot = { kind: 'accepted'; attempt: FingerprintAttempt; index: number } | { kind: 'open'; finger: FingerCode } | { kind: 'exhausted' };

/** Walks one hand's fallback order from `from`: the first accepted finger, or the finger to capture next. */
function walk(hand: Hand, fingers: Record<FingerCode, FingerStatus>, from: number): Slot {
  for (let i = from; i < fallbackOrder.length; i += 1) {
    const code = fingerCode(hand, fallbackOrder[i]!);
    const status = fingers[code];
    if (status.state === 'accepted' && status.accepted) return { kind: 'accepted', attempt: status.accepted, index: i };
    if (status.state === 'untried' || status.state === 'in_progress') return { kind: 'open', finger: code };
  }
  return { kind: 'exhausted' };
}

export function assessFingerprints(input: FingerprintInput): FingerprintSituation {
  const attempts = input.attempts ?? [];
  const unavailable = new Set(input.unavailableFingers ?? []);
  const fingers = Object.fromEntries(
    (['left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_middle', 'right_middle', 'left_ring', 'right_ring'] as const)
      .map((code) => [code, statusOf(code, attempts, unavailable)]),
  ) as Record<FingerCode, FingerStatus>;

  const first: Record<Hand, Slot> = { left: walk('left', fingers, 0), right: walk('right', fingers, 0) };
  const selected: FingerprintAttempt[] = [];
  const next: FingerCode[] = [];
  for (const hand of hands) {
    const slot = first[hand];
    if (slot.kind === 'accepted') selected.push(slot.attempt);
    if (slot.kind === 'open') next.push(slot.finger);
  }
  // A hand that has nothing left to give: the second print comes from the other hand, from a
  // different finger (the next one in its order).
  for (const hand of hands) {
    const other: Hand = hand === 'left' ? 'right' : 'left';
    const slot = first[other];
    if (first[hand].kind === 'exhausted' && slot.kind === 'accepted') {
      const second = walk(other, fingers, slot.index + 1);
      if (second.kind === 'accepted') selected.push(second.attempt);
      if (second.kind === 'open') next.push(second.finger);
    }
  }
  const complete = selected.length >= 2;
  return {
    fingers,
    selected: selected.slice(0, 2),
    next: complete ? [] : next,
    complete,
    exhausted: !complete && next.length === 0,
  };
}

/**
 * Whether the sensor may take a print of `finger` now; null when it may, otherwise the reason
 * (the device action refuses, so a fourth attempt or a skipped fallback never happens).
 */
export function captureRefusal(input: FingerprintInput, finger: FingerCode): Text | null {
  const situation = assessFingerprints(input);
  const status = situation.fingers[finger];
  const name = fingerName(finger);
  if (situation.complete) {
    return { de: 'Es liegen bereits zwei gültige Fingerabdrücke verschiedener Finger vor; weitere Aufnahmen sind nicht nötig.', en: 'Two valid prints of different fingers are already there; no further capture is needed.' };
  }
  if (status.state === 'accepted') {
    return {
      de: `Vom ${name.de} liegt bereits ein gültiger Abdruck vor; der zweite Abdruck muss von einem anderen Finger stammen.`,
      en: `There is already a valid print of the ${name.en}; the second print must be of a different finger.`,
    };
  }
  if (status.state === 'failed') {
    return {
      de: `Der ${name.de} wurde bereits ${maxAttemptsPerFinger}-mal erfasst (höchstens ${maxAttemptsPerFinger} Versuche je Finger); bitte mit dem nächsten Finger fortfahren.`,
      en: `The ${name.en} has had its ${maxAttemptsPerFinger} attempts (at most ${maxAttemptsPerFinger} per finger); continue with the next finger.`,
    };
  }
  if (status.state === 'unavailable') {
    return { de: `Der ${name.de} ist als nicht erfassbar vermerkt.`, en: `The ${name.en} is recorded as unavailable.` };
  }
  if (!situation.next.includes(finger)) {
    const wanted = situation.next.map((code) => fingerName(code));
    return {
      de: `Jetzt ist ${wanted.map((w) => `der ${w.de}`).join(' oder ')} an der Reihe (Reihenfolge: Zeigefinger, Daumen, Mittelfinger, Ringfinger).`,
      en: `Next is the ${wanted.map((w) => w.en).join(' or the ')} (order: index finger, thumb, middle finger, ring finger).`,
    };
  }
  return null;
}

/** The finger to capture when the officer does not name one: the first open slot. */
export function suggestedFinger(input: FingerprintInput): FingerCode | null {
  return assessFingerprints(input).next[0] ?? null;
}

export interface FingerprintRuleInput extends FingerprintInput {
  unavailableReason?: string | undefined;
  exempt?: boolean | undefined;
  exemptionReason?: string | undefined;
}

const minimumReasonLength = 10;

/** Every fingerprint violation at once; `age` is the age at application (null when unknown). */
export function fingerprintViolations(data: FingerprintRuleInput | undefined, age: number | null, attachments: readonly AttachmentFacts[]): Violation[] {
  const out: Violation[] = [];
  const attempts = data?.attempts ?? [];
  if (age !== null && age < fingerprintMinimumAge) {
    if (attempts.length > 0) {
      out.push(violation('FINGERPRINTS_UNDER_SIX', 'fingerprints.attempts',
        `Von Kindern unter ${fingerprintMinimumAge} Jahren werden keine Fingerabdrücke genommen (PAuswG § 5 Abs. 9, PassG § 4 Abs. 3); bitte die erfassten Abdrücke verwerfen.`,
        `No fingerprints are taken from children under ${fingerprintMinimumAge} (PAuswG § 5 (9), PassG § 4 (3)); discard the captured prints.`));
    }
    return out;
  }

  // Replay the attempts in the order they were taken: each must have been allowed at its moment.
  const seen: FingerprintAttempt[] = [];
  const reported = new Set<string>();
  for (const attempt of attempts) {
    const name = fingerName(attempt.finger);
    const count = seen.filter((a) => a.finger === attempt.finger).length;
    if (count >= maxAttemptsPerFinger) {
      if (!reported.has(`max:${attempt.finger}`)) {
        reported.add(`max:${attempt.finger}`);
        out.push(violation('FINGERPRINT_ATTEMPTS_EXCEEDED', 'fingerprints.attempts',
          `Der ${name.de} wurde öfter als ${maxAttemptsPerFinger}-mal erfasst; erlaubt sind höchstens ${maxAttemptsPerFinger} Versuche je Finger. Bitte die überzähligen Versuche verwerfen.`,
          `The ${name.en} was captured more than ${maxAttemptsPerFinger} times; at most ${maxAttemptsPerFinger} attempts per finger are allowed. Discard the extra attempts.`));
      }
    } else {
      // A finger tried first and marked unavailable afterwards (an injury noticed on the sensor) keeps its attempts.
      const unavailableThen = (data?.unavailableFingers ?? []).filter((code) => code !== attempt.finger);
      const refusal = captureRefusal({ attempts: seen, unavailableFingers: unavailableThen }, attempt.finger);
      if (refusal && !reported.has(`order:${attempt.finger}`)) {
        reported.add(`order:${attempt.finger}`);
        out.push({ code: 'FINGERPRINT_OUT_OF_ORDER', field: 'fingerprints.attempts', message: {
          de: `Abdruck des ${name.de} hätte nicht erfasst werden dürfen: ${refusal.de}`,
          en: `The print of the ${name.en} should not have been taken: ${refusal.en}`,
        } });
      }
    }
    const attachment = attachments.find((a) => a.id === attempt.attachmentId);
    if (!attachment || attachment.deleted || attachment.kind !== 'fingerprint') {
      out.push(violation('FINGERPRINT_IMAGE_MISSING', 'fingerprints.attempts',
        `Zum ${attempt.attempt}. Versuch des ${name.de} fehlt das Abdruckbild; bitte den Finger erneut erfassen.`,
        `The image of attempt ${attempt.attempt} of the ${name.en} is missing; capture the finger again.`));
    }
    seen.push(attempt);
  }

  const unavailable = data?.unavailableFingers ?? [];
  if (unavailable.length > 0 && (data?.unavailableReason ?? '').trim().length < minimumReasonLength) {
    out.push(violation('FINGERS_UNAVAILABLE_REASON', 'fingerprints.unavailableReason',
      'Bitte begründen, warum die als nicht erfassbar vermerkten Finger nicht erfasst werden können (z. B. Amputation, Verband).',
      'Give the reason why the fingers marked unavailable cannot be captured (e.g. amputation, bandage).'));
  }

  const situation = assessFingerprints({ attempts, unavailableFingers: unavailable });
  if (data?.exempt) {
    if (situation.complete) {
      out.push(violation('FINGERPRINT_EXEMPTION_NOT_NEEDED', 'fingerprints.exempt',
        'Es liegen zwei gültige Fingerabdrücke vor; eine Befreiung ist nur zulässig, wenn die Abnahme dauerhaft unmöglich ist. Bitte die Befreiung entfernen.',
        'Two valid prints are there; an exemption is only allowed when capture is permanently impossible. Remove the exemption.'));
    }
    if ((data.exemptionReason ?? '').trim().length < minimumReasonLength) {
      out.push(violation('FINGERPRINT_EXEMPTION_REASON', 'fingerprints.exemptionReason',
        'Bitte dokumentieren, warum die Abnahme der Fingerabdrücke dauerhaft unmöglich ist (mindestens ein kurzer Satz).',
        'Document why taking the fingerprints is permanently impossible (at least a short sentence).'));
    }
    return out;
  }
  if (situation.complete) return out;
  if (situation.exhausted) {
    out.push(violation('FINGERPRINTS_NOT_POSSIBLE', 'fingerprints.exempt',
      `Es konnten ${situation.selected.length === 0 ? 'keine' : 'nicht zwei'} gültigen Abdrücke verschiedener Finger erfasst werden und alle Ersatzfinger sind ausgeschöpft. Ist die Abnahme dauerhaft unmöglich, bitte die Befreiung mit Begründung dokumentieren; sonst einen vorläufigen Ausweis erwägen.`,
      `${situation.selected.length === 0 ? 'No' : 'Not two'} valid prints of different fingers could be taken and every fallback finger is used up. If capture is permanently impossible, document the exemption with its reason; otherwise consider a provisional document.`));
    return out;
  }
  const wanted = situation.next.map(fingerName);
  out.push(violation('FINGERPRINTS_INCOMPLETE', 'fingerprints',
    `Es fehlen noch Fingerabdrücke: bitte als Nächstes ${wanted.map((w) => `den ${w.de.replace(/^linker/, 'linken').replace(/^rechter/, 'rechten')}`).join(' und ')} erfassen.`,
    `Fingerprints are missing: capture the ${wanted.map((w) => w.en).join(' and the ')} next.`));
  return out;
}
