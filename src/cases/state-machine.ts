/**
 * The life of a case as an explicit, pure state machine (issue 3 "Cases"). The use cases ask it
 * before every change; it answers with the next state or with every reason the step is not
 * possible now, in words an officer can act on.
 *
 *   draft ─capture→ captured ─pay (covered; automatic at 0 €)→ paid ─complete→ completed
 *   completed ─transmit (all messages delivered)→ transmitted ─hand_over→ handed_over
 *   completed | transmitted ─close→ closed   (services without a hand-over step)
 *   draft | captured | paid | needs_review ─cancel→ cancelled
 *   any open state ─flag→ needs_review ─resume→ the state before review
 *   update: draft | captured → draft (editing captured data invalidates the capture)
 */
import type { Violation } from './workflow.ts';

export const caseStates = [
  'draft', 'captured', 'paid', 'completed', 'transmitted', 'handed_over', 'closed', 'cancelled', 'needs_review',
] as const;
export type CaseState = (typeof caseStates)[number];

export const caseActions = [
  'update', 'capture', 'pay', 'complete', 'transmit', 'hand_over', 'close', 'cancel', 'flag', 'resume',
] as const;
export type CaseAction = (typeof caseActions)[number];

export function isCaseState(value: string): value is CaseState {
  return (caseStates as readonly string[]).includes(value);
}

/** Facts about the case the rules of a step depend on; each step reads only its own. */
export interface TransitionGuards {
  /** capture, hand_over: what the workflow's rules found (all of them). */
  violations?: Violation[];
  /** pay: amount of this payment, and what is still open before it. */
  paymentCents?: number;
  outstandingCents?: number;
  /** hand_over, close: whether the service has a separate hand-over step (ID documents). */
  hasHandOver?: boolean;
  /** transmit, close: outbound messages of the case and how many of them are delivered. */
  messageCount?: number;
  deliveredCount?: number;
  /** cancel, flag: why. */
  reason?: string | null;
  /** resume: where the case was when it was put into review. */
  stateBeforeReview?: string | null;
}

export type TransitionResult = { state: CaseState } | { violations: Violation[] };

const finalStates: readonly CaseState[] = ['handed_over', 'closed', 'cancelled'];
/** States in which a case may still be cancelled: nothing irreversible (register, documents, messages) has happened yet. */
const cancellable: readonly CaseState[] = ['draft', 'captured', 'paid', 'needs_review'];
/** States a case can be flagged for review from (and resumed to). */
const reviewable: readonly CaseState[] = ['draft', 'captured', 'paid', 'completed', 'transmitted'];

const stateNames: Record<CaseState, { de: string; en: string }> = {
  draft: { de: 'Entwurf', en: 'draft' },
  captured: { de: 'erfasst', en: 'captured' },
  paid: { de: 'bezahlt', en: 'paid' },
  completed: { de: 'abgeschlossen', en: 'completed' },
  transmitted: { de: 'übermittelt', en: 'transmitted' },
  handed_over: { de: 'ausgehändigt', en: 'handed over' },
  closed: { de: 'geschlossen', en: 'closed' },
  cancelled: { de: 'storniert', en: 'cancelled' },
  needs_review: { de: 'zur Prüfung', en: 'in review' },
};

const actionNames: Record<CaseAction, { de: string; en: string }> = {
  update: { de: 'bearbeitet', en: 'edited' },
  capture: { de: 'als erfasst abgeschlossen', en: 'marked as captured' },
  pay: { de: 'bezahlt', en: 'paid' },
  complete: { de: 'abgeschlossen', en: 'completed' },
  transmit: { de: 'als übermittelt markiert', en: 'marked as transmitted' },
  hand_over: { de: 'ausgehändigt', en: 'handed over' },
  close: { de: 'geschlossen', en: 'closed' },
  cancel: { de: 'storniert', en: 'cancelled' },
  flag: { de: 'zur Prüfung gegeben', en: 'put into review' },
  resume: { de: 'aus der Prüfung fortgesetzt', en: 'resumed from review' },
};

/** Where each action may start, and where it leads (resume is resolved from the guards). */
const table: Record<CaseAction, { from: readonly CaseState[]; to: CaseState | null }> = {
  update: { from: ['draft', 'captured'], to: 'draft' },
  capture: { from: ['draft'], to: 'captured' },
  pay: { from: ['captured'], to: null },
  complete: { from: ['paid'], to: 'completed' },
  transmit: { from: ['completed'], to: 'transmitted' },
  hand_over: { from: ['completed', 'transmitted'], to: 'handed_over' },
  close: { from: ['completed', 'transmitted'], to: 'closed' },
  cancel: { from: cancellable, to: 'cancelled' },
  flag: { from: reviewable, to: 'needs_review' },
  resume: { from: ['needs_review'], to: null },
};

function wrongState(state: CaseState, action: CaseAction): Violation {
  const from = table[action].from;
  const de = from.map((s) => `„${stateNames[s].de}“`).join(', ');
  const en = from.map((s) => `"${stateNames[s].en}"`).join(', ');
  const final = finalStates.includes(state);
  return {
    code: 'CASE_STATE_NOT_ALLOWED',
    message: {
      de: `Der Vorgang ist „${stateNames[state].de}“ und kann nicht ${actionNames[action].de} werden${final ? ' – er ist beendet' : `; das geht nur im Zustand ${de}`}.`,
      en: `The case is ${stateNames[state].en} and cannot be ${actionNames[action].en}${final ? ' – it is finished' : `; that is only possible when it is ${en}`}.`,
    },
  };
}

/** The next state of a case after `action`, or every reason it cannot happen now. */
export function transition(state: CaseState, action: CaseAction, guards: TransitionGuards = {}): TransitionResult {
  const rule = table[action];
  if (!rule.from.includes(state)) return { violations: [wrongState(state, action)] };
  const violations: Violation[] = [];

  switch (action) {
    case 'capture':
      violations.push(...(guards.violations ?? []));
      break;
    case 'pay': {
      const amount = guards.paymentCents ?? 0;
      const outstanding = guards.outstandingCents ?? 0;
      if (!Number.isInteger(amount) || amount <= 0) {
        violations.push({ code: 'PAYMENT_AMOUNT_INVALID', field: 'amountCents', message: { de: 'Der Betrag muss größer als 0 € sein.', en: 'The amount must be more than €0.' } });
      } else if (amount > outstanding) {
        violations.push({
          code: 'PAYMENT_EXCEEDS_OUTSTANDING', field: 'amountCents',
          message: {
            de: `Es sind nur noch ${euro(outstanding, 'de')} offen; bitte höchstens diesen Betrag buchen (Wechselgeld bar herausgeben).`,
            en: `Only ${euro(outstanding, 'en')} is outstanding; record at most that amount (give change in cash).`,
          },
        });
      }
      if (violations.length > 0) return { violations };
      return { state: amount >= outstanding ? 'paid' : 'captured' };
    }
    case 'transmit':
      if ((guards.messageCount ?? 0) === 0 || (guards.deliveredCount ?? 0) < (guards.messageCount ?? 0)) {
        violations.push({
          code: 'MESSAGES_NOT_DELIVERED',
          message: { de: 'Noch nicht alle Nachrichten des Vorgangs sind zugestellt.', en: 'Not all outgoing messages of the case have been delivered yet.' },
        });
      }
      break;
    case 'hand_over':
      if (!guards.hasHandOver) {
        violations.push({
          code: 'NO_HAND_OVER_STEP',
          message: { de: 'Diese Leistung hat keine Aushändigung; der Vorgang wird geschlossen.', en: 'This service has no hand-over step; close the case instead.' },
        });
      }
      violations.push(...(guards.violations ?? []));
      break;
    case 'close':
      if (guards.hasHandOver) {
        violations.push({
          code: 'HAND_OVER_REQUIRED',
          message: { de: 'Das Dokument muss erst ausgehändigt werden; die Aushändigung schließt den Vorgang.', en: 'The document must be handed over first; the hand-over finishes the case.' },
        });
      }
      if (state === 'completed' && (guards.deliveredCount ?? 0) < (guards.messageCount ?? 0)) {
        violations.push({
          code: 'MESSAGES_PENDING',
          message: {
            de: 'Es sind noch Nachrichten im Postausgang nicht zugestellt; der Vorgang kann erst danach geschlossen werden.',
            en: 'Outgoing messages are not delivered yet; the case can be closed once they are.',
          },
        });
      }
      break;
    case 'cancel':
    case 'flag':
      if (!guards.reason || guards.reason.trim() === '') {
        violations.push({
          code: 'REASON_REQUIRED', field: 'reason',
          message: action === 'cancel'
            ? { de: 'Bitte einen Grund für die Stornierung angeben.', en: 'Give a reason for cancelling the case.' }
            : { de: 'Bitte angeben, was geprüft werden muss.', en: 'Say what needs to be reviewed.' },
        });
      }
      break;
    case 'resume': {
      const before = guards.stateBeforeReview ?? null;
      if (before === null || !isCaseState(before) || !reviewable.includes(before)) {
        return {
          violations: [{
            code: 'NO_STATE_TO_RESUME',
            message: { de: 'Der Zustand vor der Prüfung ist unbekannt; bitte den Vorgang stornieren.', en: 'The state before the review is unknown; cancel the case instead.' },
          }],
        };
      }
      return { state: before };
    }
    default:
      break;
  }
  if (violations.length > 0) return { violations };
  if (rule.to === null) throw new Error(`transition ${action} has no fixed target`);
  return { state: rule.to };
}

/** Actions of the office UI; `review` stands for flag / resume / cancel by a clerk. */
export type UiAction = 'update' | 'capture' | 'pay' | 'complete' | 'close' | 'hand_over' | 'cancel' | 'review';

/**
 * What the UI may offer now: actions whose starting state matches and whose structural guards
 * hold. Data rules (violations, amounts) are left to the attempt, which reports them all.
 */
export function allowedActions(state: CaseState, guards: { hasHandOver: boolean; messageCount: number; deliveredCount: number }): UiAction[] {
  const actions: UiAction[] = [];
  const can = (action: CaseAction) => table[action].from.includes(state);
  if (can('update')) actions.push('update');
  if (can('capture')) actions.push('capture');
  if (can('pay')) actions.push('pay');
  if (can('complete')) actions.push('complete');
  if (can('close') && !guards.hasHandOver && (state === 'transmitted' || guards.deliveredCount >= guards.messageCount)) actions.push('close');
  if (can('hand_over') && guards.hasHandOver) actions.push('hand_over');
  if (can('cancel')) actions.push('cancel');
  if (can('flag') || can('resume')) actions.push('review');
  return actions;
}

function euro(cents: number, language: 'de' | 'en'): string {
  const amount = (cents / 100).toFixed(2);
  return language === 'de' ? `${amount.replace('.', ',')} €` : `€${amount}`;
}
