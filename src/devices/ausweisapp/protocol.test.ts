import { describe, expect, it } from 'vitest';
import { changePinFailure, eidCardOf, hasPinPad, parseSdkMessage, readersOf } from './protocol.ts';

describe('AusweisApp SDK protocol', () => {
  it.each([
    ['User_Cancelled', 'CANCELLED_BY_HOLDER'],
    ['Change_Pin_User_Cancelled', 'CANCELLED_BY_HOLDER'],
    ['Establish_Pace_Channel_User_Cancelled', 'CANCELLED_BY_HOLDER'],
    ['Card_Removed', 'CARD_REMOVED'],
    ['Change_Pin_Input_Timeout', 'TERMINAL_TIMEOUT'],
    ['Change_Pin_New_Pin_Mismatch', 'NEW_PIN_MISMATCH'],
    ['Change_Pin_Card_New_Pin_Mismatch', 'NEW_PIN_MISMATCH'],
    ['Connect_Card_Eid_Inactive', 'EID_NOT_ACTIVE'],
    ['Establish_Pace_Channel_Puk_Inoperative', 'PUK_INOPERATIVE'],
    ['Connect_Card_Connection_Failed', 'CARD_CONNECTION_FAILED'],
  ])('maps the failure code %s to %s', (reason, errorCode) => {
    expect(changePinFailure(reason).errorCode).toBe(errorCode);
  });

  it('keeps an unknown failure code in the message for support', () => {
    expect(changePinFailure('Some_New_Code')).toEqual({ errorCode: 'TERMINAL_ERROR', message: expect.stringContaining('Some_New_Code') });
  });

  it('reads the doc examples of READER_LIST in both API levels', () => {
    const reader = { name: 'NFC', insertable: false, attached: true, keypad: false, card: { inoperative: false, deactivated: false, retryCounter: 3 } };
    const level2 = parseSdkMessage(JSON.stringify({ msg: 'READER_LIST', readers: [reader] }));
    const level1 = parseSdkMessage(JSON.stringify({ msg: 'READER_LIST', reader: [reader] }));
    for (const message of [level1, level2]) {
      expect(message.msg).toBe('READER_LIST');
      if (message.msg === 'READER_LIST') expect(readersOf(message)).toEqual([reader]);
    }
  });

  it('tells a keypad reader, an eID card, an unknown card and no card apart', () => {
    expect(hasPinPad({ name: 'K', attached: true, keypad: true })).toBe(true);
    expect(hasPinPad({ name: 'B', attached: true, keypad: false })).toBe(false);
    expect(hasPinPad({ name: 'gone', attached: false, keypad: true })).toBe(false);
    expect(hasPinPad({ name: 'old', attached: true })).toBe(false);
    expect(hasPinPad(undefined)).toBe(false);
    expect(eidCardOf({ name: 'K', attached: true, card: { retryCounter: 2 } })).toEqual({ retryCounter: 2 });
    expect(eidCardOf({ name: 'K', attached: true, card: {} })).toBeNull();
    expect(eidCardOf({ name: 'K', attached: true, card: null })).toBeNull();
  });

  it('passes messages it does not use through as OTHER and throws on broken JSON', () => {
    expect(parseSdkMessage('{"msg":"CERTIFICATE","description":{}}')).toEqual({ msg: 'OTHER', name: 'CERTIFICATE' });
    expect(() => parseSdkMessage('{"msg":')).toThrow();
  });
});
