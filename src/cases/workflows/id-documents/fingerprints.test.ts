import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FingerCode } from '../../../exchange/messages.ts';
import type { AttachmentFacts } from '../../workflow.ts';
import type { FingerprintAttempt } from './data.ts';
import { assessFingerprints, captureRefusal, fingerprintViolations, nfiqThresholds, suggestedFinger, thresholdOf } from './fingerprints.ts';

/** Attempts from a compact script: [finger, quality] in the order they were taken. */
function attempts(...script: [FingerCode, number][]): FingerprintAttempt[] {
  const counts = new Map<FingerCode, number>();
  return script.map(([finger, quality], i) => {
    const attempt = (counts.get(finger) ?? 0) + 1;
    counts.set(finger, attempt);
    return { finger, attempt, quality, attachmentId: `fp-${i}`, capturedAt: `2026-03-02T09:${String(10 + i).padStart(2, '0')}:00Z` };
  });
}

function attachmentsFor(list: FingerprintAttempt[]): AttachmentFacts[] {
  return list.map((a) => ({ id: a.attachmentId, kind: 'fingerprint', mediaType: 'image/png', deleted: false }));
}

const codes = (list: readonly { code: string }[]) => list.map((v) => v.code);

describe('NFIQ 2 thresholds at the boundary', () => {
  it.each<[FingerCode, number, boolean]>([
    ['left_index', 30, true], ['left_index', 29, false],
    ['right_thumb', 30, true], ['right_thumb', 29, false],
    ['left_middle', 20, true], ['left_middle', 19, false],
    ['right_ring', 10, true], ['right_ring', 9, false],
  ])('%s with score %i accepted: %s', (finger, quality, accepted) => {
    expect(thresholdOf(finger)).toBe(nfiqThresholds[finger.split('_')[1] as keyof typeof nfiqThresholds]);
    // Put the finger where it is allowed: the fingers before it on its hand are unavailable.
    const order = ['index', 'thumb', 'middle', 'ring'];
    const hand = finger.split('_')[0]!;
    const before = order.slice(0, order.indexOf(finger.split('_')[1]!)).map((k) => `${hand}_${k}` as FingerCode);
    const situation = assessFingerprints({ attempts: attempts([finger, quality]), unavailableFingers: before });
    expect(situation.fingers[finger].state).toBe(accepted ? 'accepted' : 'in_progress');
  });
});

describe('selection of the two prints', () => {
  it.each<{ name: string; script: [FingerCode, number][]; unavailable?: FingerCode[]; selected: FingerCode[]; next: FingerCode[]; exhausted?: boolean }>([
    { name: 'both index fingers pass', script: [['left_index', 55], ['right_index', 60]], selected: ['left_index', 'right_index'], next: [] },
    { name: 'nothing yet: both index fingers are next', script: [], selected: [], next: ['left_index', 'right_index'] },
    { name: 'left index fails three times → left thumb next', script: [['left_index', 12], ['left_index', 18], ['left_index', 25], ['right_index', 40]], selected: ['right_index'], next: ['left_thumb'] },
    { name: 'left thumb passes after the index failed', script: [['left_index', 12], ['left_index', 18], ['left_index', 25], ['left_thumb', 44], ['right_index', 40]], selected: ['left_thumb', 'right_index'], next: [] },
    { name: 'index and thumb fail → middle with its lower threshold 20', script: [['left_index', 5], ['left_index', 5], ['left_index', 5], ['left_thumb', 29], ['left_thumb', 29], ['left_thumb', 29], ['left_middle', 20], ['right_index', 30]], selected: ['left_middle', 'right_index'], next: [] },
    { name: 'ring finger with threshold 10 as the last fallback', script: [['right_ring', 10], ['left_index', 31]], unavailable: ['right_index', 'right_thumb', 'right_middle'], selected: ['left_index', 'right_ring'], next: [] },
    { name: 'the best attempt of a finger counts', script: [['left_index', 12], ['left_index', 58], ['right_index', 45]], selected: ['left_index', 'right_index'], next: [] },
    { name: 'left hand unavailable → second print of a different right finger', script: [['right_index', 50]], unavailable: ['left_index', 'left_thumb', 'left_middle', 'left_ring'], selected: ['right_index'], next: ['right_thumb'] },
    { name: 'left hand unavailable, right index and thumb', script: [['right_index', 50], ['right_thumb', 40]], unavailable: ['left_index', 'left_thumb', 'left_middle', 'left_ring'], selected: ['right_index', 'right_thumb'], next: [] },
    { name: 'no finger usable at all', script: [], unavailable: ['left_index', 'left_thumb', 'left_middle', 'left_ring', 'right_index', 'right_thumb', 'right_middle', 'right_ring'], selected: [], next: [], exhausted: true },
  ])('$name', ({ script, unavailable, selected, next, exhausted }) => {
    const situation = assessFingerprints({ attempts: attempts(...script), unavailableFingers: unavailable ?? [] });
    expect(situation.selected.map((a) => a.finger)).toEqual(selected);
    expect(situation.next).toEqual(next);
    expect(situation.complete).toBe(selected.length === 2);
    expect(situation.exhausted).toBe(exhausted ?? false);
    expect(new Set(situation.selected.map((a) => a.finger)).size).toBe(situation.selected.length);
  });
});

describe('captureRefusal (the device action asks before every print)', () => {
  it.each<{ name: string; script: [FingerCode, number][]; finger: FingerCode; unavailable?: FingerCode[]; refused: RegExp | null }>([
    { name: 'first print of the left index', script: [], finger: 'left_index', refused: null },
    { name: 'second attempt after a weak print', script: [['left_index', 10]], finger: 'left_index', refused: null },
    { name: 'third attempt', script: [['left_index', 10], ['left_index', 11]], finger: 'left_index', refused: null },
    { name: 'a fourth attempt', script: [['left_index', 10], ['left_index', 11], ['left_index', 12]], finger: 'left_index', refused: /3 attempts/ },
    { name: 'thumb before the index has failed', script: [['left_index', 10]], finger: 'left_thumb', refused: /Next is the left index finger/ },
    { name: 'thumb once the index has failed three times', script: [['left_index', 10], ['left_index', 11], ['left_index', 12]], finger: 'left_thumb', refused: null },
    { name: 'the same finger again after it passed', script: [['left_index', 50]], finger: 'left_index', refused: /different finger/ },
    { name: 'anything after two valid prints', script: [['left_index', 50], ['right_index', 50]], finger: 'left_thumb', refused: /already there/ },
    { name: 'a finger marked unavailable', script: [], finger: 'right_index', unavailable: ['right_index'], refused: /unavailable/ },
  ])('$name', ({ script, finger, unavailable, refused }) => {
    const refusal = captureRefusal({ attempts: attempts(...script), unavailableFingers: unavailable ?? [] }, finger);
    if (refused) {
      expect(refusal?.en).toMatch(refused);
      expect(refusal?.de.length).toBeGreaterThan(10);
    } else {
      expect(refusal).toBeNull();
    }
  });

  it('suggests the first open finger', () => {
    expect(suggestedFinger({})).toBe('left_index');
    expect(suggestedFinger({ attempts: attempts(['left_index', 50]) })).toBe('right_index');
    expect(suggestedFinger({ attempts: attempts(['left_index', 50], ['right_index', 50]) })).toBeNull();
  });
});

describe('fingerprintViolations', () => {
  const valid = attempts(['left_index', 55], ['right_index', 60]);

  it.each<{ name: string; data: Parameters<typeof fingerprintViolations>[0]; age: number; expected: string[] }>([
    { name: 'two valid prints', data: { attempts: valid }, age: 40, expected: [] },
    { name: 'age 6 (6th birthday): prints are required', data: {}, age: 6, expected: ['FINGERPRINTS_INCOMPLETE'] },
    { name: 'age 5: none required', data: {}, age: 5, expected: [] },
    { name: 'age 5 with prints: refused', data: { attempts: valid }, age: 5, expected: ['FINGERPRINTS_UNDER_SIX'] },
    { name: 'a fourth attempt', data: { attempts: attempts(['left_index', 1], ['left_index', 2], ['left_index', 3], ['left_index', 40], ['right_index', 40]) }, age: 40, expected: ['FINGERPRINT_ATTEMPTS_EXCEEDED', 'FINGERPRINTS_INCOMPLETE'] },
    { name: 'thumb taken before the index failed', data: { attempts: attempts(['left_thumb', 50], ['right_index', 40]) }, age: 40, expected: ['FINGERPRINT_OUT_OF_ORDER', 'FINGERPRINTS_INCOMPLETE'] },
    { name: 'everything used up, no exemption', data: { attempts: [], unavailableFingers: ['left_index', 'left_thumb', 'left_middle', 'left_ring', 'right_index', 'right_thumb', 'right_middle', 'right_ring'], unavailableReason: 'beide Hände verbunden nach Verbrennung' }, age: 40, expected: ['FINGERPRINTS_NOT_POSSIBLE'] },
    { name: 'unavailable fingers without a reason', data: { attempts: attempts(['left_thumb', 50], ['right_index', 40]), unavailableFingers: ['left_index'] }, age: 40, expected: ['FINGERS_UNAVAILABLE_REASON'] },
    { name: 'finger tried, then marked unavailable, keeps its attempt', data: { attempts: attempts(['left_index', 3], ['left_thumb', 50], ['right_index', 40]), unavailableFingers: ['left_index'], unavailableReason: 'Schnittwunde am linken Zeigefinger' }, age: 40, expected: [] },
    { name: 'documented exemption', data: { exempt: true, exemptionReason: 'Beide Hände fehlen seit einem Unfall (dauerhaft).' }, age: 40, expected: [] },
    { name: 'one usable print, the rest permanently impossible: exemption covers the second', data: { attempts: attempts(['right_index', 45]), unavailableFingers: ['left_index', 'left_thumb', 'left_middle', 'left_ring', 'right_thumb', 'right_middle', 'right_ring'], unavailableReason: 'linke Hand amputiert, rechte Finger versteift', exempt: true, exemptionReason: 'Nur der rechte Zeigefinger ist dauerhaft erfassbar.' }, age: 40, expected: [] },
    { name: 'one usable print without exemption', data: { attempts: attempts(['right_index', 45]), unavailableFingers: ['left_index', 'left_thumb', 'left_middle', 'left_ring', 'right_thumb', 'right_middle', 'right_ring'], unavailableReason: 'linke Hand amputiert, rechte Finger versteift' }, age: 40, expected: ['FINGERPRINTS_NOT_POSSIBLE'] },
    { name: 'exemption without reason', data: { exempt: true, exemptionReason: 'kurz' }, age: 40, expected: ['FINGERPRINT_EXEMPTION_REASON'] },
    { name: 'exemption although two prints are there', data: { attempts: valid, exempt: true, exemptionReason: 'ohne Grund angekreuzt worden' }, age: 40, expected: ['FINGERPRINT_EXEMPTION_NOT_NEEDED'] },
  ])('$name', ({ data, age, expected }) => {
    const result = fingerprintViolations(data, age, attachmentsFor(data?.attempts ?? []));
    expect(codes(result)).toEqual(expected);
    for (const v of result) {
      expect(v.field).toMatch(/^fingerprints/);
      expect(v.message.de).not.toBe(v.message.en);
    }
  });

  it('reports a print whose image is gone', () => {
    const result = fingerprintViolations({ attempts: valid }, 40, [{ id: 'fp-0', kind: 'fingerprint', mediaType: 'image/png', deleted: true }]);
    expect(codes(result)).toEqual(['FINGERPRINT_IMAGE_MISSING', 'FINGERPRINT_IMAGE_MISSING']);
  });
});

describe('properties of the selection, for any sequence of attempts', () => {
  const finger = fc.constantFrom<FingerCode>('left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_middle', 'right_middle', 'left_ring', 'right_ring');
  const script = fc.array(fc.tuple(finger, fc.integer({ min: 0, max: 100 })), { maxLength: 30 });

  it('selects at most two prints, of different fingers, each reaching its threshold within the first three attempts', () => {
    fc.assert(fc.property(script, fc.subarray(['left_index', 'right_index', 'left_thumb', 'right_thumb', 'left_middle', 'right_middle', 'left_ring', 'right_ring'] as FingerCode[]), (steps, unavailable) => {
      const list = attempts(...steps);
      const situation = assessFingerprints({ attempts: list, unavailableFingers: unavailable });
      expect(situation.selected.length).toBeLessThanOrEqual(2);
      expect(new Set(situation.selected.map((a) => a.finger)).size).toBe(situation.selected.length);
      for (const print of situation.selected) {
        expect(print.quality).toBeGreaterThanOrEqual(thresholdOf(print.finger));
        expect(print.attempt).toBeLessThanOrEqual(3);
      }
      // Where both hands give a print, there is one per hand.
      const handsWithPrint = new Set(situation.selected.map((a) => a.finger.split('_')[0]));
      if (situation.complete && handsWithPrint.size === 1) {
        const other = situation.selected[0]!.finger.startsWith('left') ? 'right' : 'left';
        expect(['index', 'thumb', 'middle', 'ring'].every((k) => ['failed', 'unavailable'].includes(situation.fingers[`${other}_${k}` as FingerCode].state))).toBe(true);
      }
      expect(situation.complete || situation.exhausted || situation.next.length > 0).toBe(true);
    }));
  });

  it('following the device action (captureRefusal) never produces a violation of order or attempt limits', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 30 }), (scores) => {
      let list: FingerprintAttempt[] = [];
      for (const quality of scores) {
        const next = suggestedFinger({ attempts: list });
        if (!next) break;
        expect(captureRefusal({ attempts: list }, next)).toBeNull();
        list = [...list, { finger: next, attempt: list.filter((a) => a.finger === next).length + 1, quality, attachmentId: `fp-${list.length}`, capturedAt: '2026-03-02T09:00:00Z' }];
      }
      const found = codes(fingerprintViolations({ attempts: list }, 40, attachmentsFor(list)));
      expect(found.filter((c) => c === 'FINGERPRINT_OUT_OF_ORDER' || c === 'FINGERPRINT_ATTEMPTS_EXCEEDED')).toEqual([]);
    }));
  });
});
