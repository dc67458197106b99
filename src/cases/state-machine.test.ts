import { describe, expect, it } from 'vitest';
import { allowedActions, caseActions, caseStates, transition, type CaseAction, type CaseState, type TransitionGuards } from './state-machine.ts';

/*
 * Every (state, action) pair with guards that let the step through: the expected next state,
 * or "-" where the step is not possible from that state. Written out, not derived from the
 * implementation's table, so a change of the flow shows up here.
 */
const happy: Record<CaseAction, TransitionGuards> = {
  update: {},
  capture: { violations: [] },
  pay: { paymentCents: 500, outstandingCents: 500 },
  complete: {},
  transmit: { messageCount: 1, deliveredCount: 1 },
  hand_over: { hasHandOver: true, violations: [] },
  close: { hasHandOver: false, messageCount: 0, deliveredCount: 0 },
  cancel: { reason: 'Antrag zurückgezogen' },
  flag: { reason: 'Registerdaten geändert' },
  resume: { stateBeforeReview: 'paid' },
};

const expected: Record<CaseState, Record<CaseAction, CaseState | '-'>> = {
  draft: { update: 'draft', capture: 'captured', pay: '-', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: 'cancelled', flag: 'needs_review', resume: '-' },
  captured: { update: 'draft', capture: '-', pay: 'paid', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: 'cancelled', flag: 'needs_review', resume: '-' },
  paid: { update: '-', capture: '-', pay: '-', complete: 'completed', transmit: '-', hand_over: '-', close: '-', cancel: 'cancelled', flag: 'needs_review', resume: '-' },
  completed: { update: '-', capture: '-', pay: '-', complete: '-', transmit: 'transmitted', hand_over: 'handed_over', close: 'closed', cancel: '-', flag: 'needs_review', resume: '-' },
  transmitted: { update: '-', capture: '-', pay: '-', complete: '-', transmit: '-', hand_over: 'handed_over', close: 'closed', cancel: '-', flag: 'needs_review', resume: '-' },
  handed_over: { update: '-', capture: '-', pay: '-', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: '-', flag: '-', resume: '-' },
  closed: { update: '-', capture: '-', pay: '-', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: '-', flag: '-', resume: '-' },
  cancelled: { update: '-', capture: '-', pay: '-', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: '-', flag: '-', resume: '-' },
  needs_review: { update: '-', capture: '-', pay: '-', complete: '-', transmit: '-', hand_over: '-', close: '-', cancel: 'cancelled', flag: '-', resume: 'paid' },
};

describe('transition over every (state, action) pair', () => {
  const pairs = caseStates.flatMap((state) => caseActions.map((action) => [state, action] as const));
  it.each(pairs)('%s → %s', (state, action) => {
    const result = transition(state, action, happy[action]);
    const want = expected[state][action];
    if (want === '-') {
      expect(result).toMatchObject({ violations: [{ code: 'CASE_STATE_NOT_ALLOWED' }] });
      if ('violations' in result) {
        expect(result.violations[0]?.message.de).toContain('kann nicht');
        expect(result.violations[0]?.message.en).toContain('cannot be');
      }
    } else {
      expect(result).toEqual({ state: want });
    }
  });
});

describe('guards', () => {
  const v = (code: string) => ({ code, message: { de: code, en: code } });

  it('capture returns every workflow violation at once', () => {
    expect(transition('draft', 'capture', { violations: [v('A'), v('B'), v('C')] })).toEqual({ violations: [v('A'), v('B'), v('C')] });
  });

  it.each([
    { paymentCents: 200, outstandingCents: 500, want: { state: 'captured' } },
    { paymentCents: 500, outstandingCents: 500, want: { state: 'paid' } },
    { paymentCents: 600, outstandingCents: 500, want: 'PAYMENT_EXCEEDS_OUTSTANDING' },
    { paymentCents: 0, outstandingCents: 500, want: 'PAYMENT_AMOUNT_INVALID' },
    { paymentCents: -5, outstandingCents: 500, want: 'PAYMENT_AMOUNT_INVALID' },
    { paymentCents: 1.5, outstandingCents: 500, want: 'PAYMENT_AMOUNT_INVALID' },
  ])('pay $paymentCents of $outstandingCents', ({ paymentCents, outstandingCents, want }) => {
    const result = transition('captured', 'pay', { paymentCents, outstandingCents });
    if (typeof want === 'string') expect(result).toMatchObject({ violations: [{ code: want, field: 'amountCents' }] });
    else expect(result).toEqual(want);
  });

  it('names the outstanding amount in both languages', () => {
    const result = transition('captured', 'pay', { paymentCents: 5000, outstandingCents: 4600 });
    expect(result).toMatchObject({ violations: [{ message: { de: expect.stringContaining('46,00 €'), en: expect.stringContaining('€46.00') } }] });
  });

  it.each([
    { messageCount: 0, deliveredCount: 0, ok: false },
    { messageCount: 2, deliveredCount: 1, ok: false },
    { messageCount: 2, deliveredCount: 2, ok: true },
  ])('transmit with $deliveredCount of $messageCount delivered', ({ messageCount, deliveredCount, ok }) => {
    const result = transition('completed', 'transmit', { messageCount, deliveredCount });
    expect('state' in result).toBe(ok);
  });

  it('hand-over needs a service with a hand-over step and reports workflow violations with it', () => {
    expect(transition('completed', 'hand_over', { hasHandOver: false, violations: [v('X')] }))
      .toEqual({ violations: [expect.objectContaining({ code: 'NO_HAND_OVER_STEP' }), v('X')] });
  });

  it.each([
    { state: 'completed' as const, guards: { hasHandOver: true, messageCount: 0, deliveredCount: 0 }, codes: ['HAND_OVER_REQUIRED'] },
    { state: 'completed' as const, guards: { hasHandOver: false, messageCount: 1, deliveredCount: 0 }, codes: ['MESSAGES_PENDING'] },
    { state: 'completed' as const, guards: { hasHandOver: true, messageCount: 1, deliveredCount: 0 }, codes: ['HAND_OVER_REQUIRED', 'MESSAGES_PENDING'] },
    { state: 'transmitted' as const, guards: { hasHandOver: false, messageCount: 1, deliveredCount: 1 }, codes: [] },
  ])('close from $state: $codes', ({ state, guards, codes }) => {
    const result = transition(state, 'close', guards);
    if (codes.length === 0) expect(result).toEqual({ state: 'closed' });
    else expect('violations' in result ? result.violations.map((x) => x.code) : []).toEqual(codes);
  });

  it.each(['cancel', 'flag'] as const)('%s needs a reason', (action) => {
    expect(transition('draft', action, { reason: '  ' })).toMatchObject({ violations: [{ code: 'REASON_REQUIRED', field: 'reason' }] });
    expect(transition('draft', action, {})).toMatchObject({ violations: [{ code: 'REASON_REQUIRED' }] });
  });

  it.each([
    { before: 'draft', want: { state: 'draft' } },
    { before: 'completed', want: { state: 'completed' } },
    { before: null, want: 'NO_STATE_TO_RESUME' },
    { before: 'closed', want: 'NO_STATE_TO_RESUME' },
    { before: 'nonsense', want: 'NO_STATE_TO_RESUME' },
  ])('resume to $before', ({ before, want }) => {
    const result = transition('needs_review', 'resume', { stateBeforeReview: before });
    if (typeof want === 'string') expect(result).toMatchObject({ violations: [{ code: want }] });
    else expect(result).toEqual(want);
  });

  it('a finished case says it is finished', () => {
    const result = transition('closed', 'update');
    expect(result).toMatchObject({ violations: [{ message: { en: expect.stringContaining('it is finished') } }] });
  });
});

describe('allowedActions', () => {
  const noMessages = { hasHandOver: false, messageCount: 0, deliveredCount: 0 };
  it.each([
    { state: 'draft' as const, guards: noMessages, want: ['update', 'capture', 'cancel', 'review'] },
    { state: 'captured' as const, guards: noMessages, want: ['update', 'pay', 'cancel', 'review'] },
    { state: 'paid' as const, guards: noMessages, want: ['complete', 'cancel', 'review'] },
    { state: 'completed' as const, guards: noMessages, want: ['close', 'review'] },
    { state: 'completed' as const, guards: { hasHandOver: false, messageCount: 1, deliveredCount: 0 }, want: ['review'] },
    { state: 'completed' as const, guards: { hasHandOver: true, messageCount: 1, deliveredCount: 0 }, want: ['hand_over', 'review'] },
    { state: 'transmitted' as const, guards: { hasHandOver: false, messageCount: 1, deliveredCount: 1 }, want: ['close', 'review'] },
    { state: 'needs_review' as const, guards: noMessages, want: ['cancel', 'review'] },
    { state: 'closed' as const, guards: noMessages, want: [] },
    { state: 'handed_over' as const, guards: noMessages, want: [] },
    { state: 'cancelled' as const, guards: noMessages, want: [] },
  ])('$state', ({ state, guards, want }) => {
    expect(allowedActions(state, guards)).toEqual(want);
  });
});
