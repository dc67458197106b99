import { describe, expect, it } from 'vitest';
import { addressStickerText, createChangeTerminalSimulator, type ChangeTerminalSimulatorOptions } from './change-terminal-simulator.ts';

const fixed = () => new Date('2026-12-01T10:15:00Z');
const address = { street: 'Hauptstraße', houseNumber: '12a', postcode: '44787', city: 'Bochum', wohnortId: '02760591100000' };
const card = 'L01X00T47';

/** Every key anywhere in a value: the PIN guarantee is that none of them is a PIN. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

describe('change terminal simulator', () => {
  it('writes the address and answers with the sticker text', async () => {
    const terminal = createChangeTerminalSimulator({ now: fixed });
    const result = await terminal.changeAddress({ documentNumber: card, address });
    expect(result).toMatchObject({ ok: true, completedAt: '2026-12-01T10:15:00.000Z' });
    expect(result.stickerText).toBe('ANSCHRIFT / ADDRESS\nHAUPTSTRASSE 12A\n44787 BOCHUM\nAusweisnummer L01X00T47\nGeändert am 01.12.2026');
    expect(terminal.card(card).address).toContain('02760591100000');
  });

  it('is deterministic: the same calls give the same answers', async () => {
    const run = async () => {
      const terminal = createChangeTerminalSimulator({ now: fixed, script: [{ operation: 'resetPin', errorCode: 'CANCELLED_BY_HOLDER' }] });
      return [await terminal.resetPin({ documentNumber: card }), await terminal.resetPin({ documentNumber: card }), await terminal.changeAddress({ documentNumber: card, address })];
    };
    expect(await run()).toEqual(await run());
  });

  const failures: { name: string; options: ChangeTerminalSimulatorOptions; call: 'changeAddress' | 'resetPin' | 'activateEid'; errorCode: string }[] = [
    { name: 'scripted cancel at the PIN pad', options: { script: [{ operation: 'resetPin', errorCode: 'CANCELLED_BY_HOLDER' }] }, call: 'resetPin', errorCode: 'CANCELLED_BY_HOLDER' },
    { name: 'scripted failure of any operation', options: { script: [{ errorCode: 'TERMINAL_OFFLINE' }] }, call: 'activateEid', errorCode: 'TERMINAL_OFFLINE' },
    { name: 'no card on the terminal', options: { cardOnTerminal: null }, call: 'changeAddress', errorCode: 'CARD_NOT_PRESENT' },
    { name: 'another card on the terminal', options: { cardOnTerminal: 'T22000129' }, call: 'activateEid', errorCode: 'DOCUMENT_MISMATCH' },
    { name: 'blocked card', options: { cards: { [card]: { blocked: true } } }, call: 'changeAddress', errorCode: 'CARD_BLOCKED' },
    { name: 'expired card', options: { cards: { [card]: { validUntil: '2026-11-30' } } }, call: 'resetPin', errorCode: 'CARD_EXPIRED' },
    { name: 'PIN reset with the eID function off', options: { cards: { [card]: { eidActive: false } } }, call: 'resetPin', errorCode: 'EID_NOT_ACTIVE' },
  ];

  it.each(failures)('fails: $name', async ({ options, call, errorCode }) => {
    const terminal = createChangeTerminalSimulator({ now: fixed, ...options });
    const result = call === 'changeAddress' ? await terminal.changeAddress({ documentNumber: card, address }) : await terminal[call]({ documentNumber: card });
    expect(result.ok).toBe(false);
    expect(result.errorCode).toBe(errorCode);
    expect(result.message).toBeTruthy();
    expect('stickerText' in result).toBe(false);
  });

  it('hands out scripted failures once, to the operation they are for', async () => {
    const terminal = createChangeTerminalSimulator({ now: fixed, script: [{ operation: 'activateEid', errorCode: 'CANCELLED_BY_HOLDER' }] });
    expect((await terminal.resetPin({ documentNumber: card })).ok).toBe(true);
    expect((await terminal.activateEid({ documentNumber: card })).errorCode).toBe('CANCELLED_BY_HOLDER');
    expect((await terminal.activateEid({ documentNumber: card })).ok).toBe(true);
    expect(terminal.log.map((entry) => [entry.operation, entry.ok])).toEqual([['resetPin', true], ['activateEid', false], ['activateEid', true]]);
  });

  it('switches the eID function on, after which a PIN can be set', async () => {
    const terminal = createChangeTerminalSimulator({ now: fixed, cards: { [card]: { eidActive: false } } });
    expect((await terminal.resetPin({ documentNumber: card })).errorCode).toBe('EID_NOT_ACTIVE');
    const activated = await terminal.activateEid({ documentNumber: card });
    expect(activated).toMatchObject({ ok: true, message: 'Online-Ausweisfunktion eingeschaltet.' });
    expect(terminal.card(card).eidActive).toBe(true);
    expect((await terminal.resetPin({ documentNumber: card })).ok).toBe(true);
  });

  it.each([
    ['a document number of the wrong length', { documentNumber: 'L01X00T471', address }],
    ['a Wohnort-ID that is not 14 digits', { documentNumber: card, address: { ...address, wohnortId: '05911000' } }],
    ['an address without a house number', { documentNumber: card, address: { ...address, houseNumber: ' ' } }],
  ])('refuses %s', async (_name, request) => {
    const result = await createChangeTerminalSimulator({ now: fixed }).changeAddress(request);
    expect(result).toMatchObject({ ok: false, errorCode: 'INVALID_REQUEST' });
  });

  it('never returns or logs a PIN', async () => {
    const terminal = createChangeTerminalSimulator({ now: fixed, script: [{ errorCode: 'CANCELLED_BY_HOLDER' }] });
    const results = [
      await terminal.resetPin({ documentNumber: card }),
      await terminal.resetPin({ documentNumber: card }),
      await terminal.activateEid({ documentNumber: card }),
      await terminal.changeAddress({ documentNumber: card, address }),
    ];
    for (const key of keysOf([results, terminal.log])) expect(key).not.toMatch(/pin|puk|can$/i);
  });

  describe('PIN change (the holder knows the current PIN)', () => {
    it('changes the PIN on the PIN pad: prompts without values, no PIN in the answer or the log', async () => {
      const terminal = createChangeTerminalSimulator({ now: fixed });
      const prompts: unknown[] = [];
      const result = await terminal.changePin({ documentNumber: card, onPrompt: (prompt) => prompts.push(prompt) });
      expect(result).toEqual({ ok: true, message: 'PIN geändert; der Inhaber hat sie am PIN-Pad gesetzt.', retryCounter: 3, completedAt: '2026-12-01T10:15:00.000Z' });
      expect(prompts.map((prompt) => (prompt as { step: string }).step)).toEqual(['insert-card', 'enter-pin', 'enter-new-pin']);
      expect(terminal.log).toEqual([{ operation: 'changePin', documentNumber: card, ok: true }]);
      for (const key of keysOf([result, terminal.log, prompts])) expect(key).not.toMatch(/^(pin|puk|can|newPin|oldPin)$/i);
    });

    it('counts wrong current PINs down to a blocked PIN, which only a Neusetzung lifts', async () => {
      const terminal = createChangeTerminalSimulator({ now: fixed, script: [1, 2, 3].map(() => ({ operation: 'changePin' as const, errorCode: 'WRONG_PIN' as const })) });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await terminal.changePin({ documentNumber: card }));
      expect(answers.map((a) => [a.errorCode, a.retryCounter])).toEqual([['WRONG_PIN', 2], ['WRONG_PIN', 1], ['PIN_BLOCKED', 0], ['PIN_BLOCKED', 0]]);
      expect(answers[0]!.message).toContain('noch 2 Versuche');
      expect(terminal.card(card).retryCounter).toBe(0);
      expect((await terminal.resetPin({ documentNumber: card })).ok).toBe(true);
      expect(terminal.card(card).retryCounter).toBe(3);
      expect((await terminal.changePin({ documentNumber: card })).ok).toBe(true);
    });

    it.each([
      ['the eID function off', { cards: { [card]: { eidActive: false } } }, { documentNumber: card }, 'EID_NOT_ACTIVE'],
      ['another card on the terminal', { cardOnTerminal: 'T22000129' }, { documentNumber: card }, 'DOCUMENT_MISMATCH'],
      ['no card on the terminal', { cardOnTerminal: null }, {}, 'CARD_NOT_PRESENT'],
      ['a blocked card', { cards: { [card]: { blocked: true } } }, { documentNumber: card }, 'CARD_BLOCKED'],
      ['a PIN blocked before', { cards: { [card]: { retryCounter: 0 } } }, { documentNumber: card }, 'PIN_BLOCKED'],
      ['a cancel at the PIN pad', { script: [{ operation: 'changePin', errorCode: 'CANCELLED_BY_HOLDER' }] }, { documentNumber: card }, 'CANCELLED_BY_HOLDER'],
    ] as const)('fails with %s', async (_name, options, request, errorCode) => {
      const result = await createChangeTerminalSimulator({ now: fixed, ...options } as ChangeTerminalSimulatorOptions).changePin(request);
      expect(result).toMatchObject({ ok: false, errorCode });
    });

    it('without a number works on the card lying on the terminal', async () => {
      const terminal = createChangeTerminalSimulator({ now: fixed, cardOnTerminal: card });
      expect((await terminal.changePin({})).ok).toBe(true);
      expect(terminal.log).toEqual([{ operation: 'changePin', documentNumber: card, ok: true }]);
    });
  });

  it('waits when asked to simulate the time the holder takes', async () => {
    const terminal = createChangeTerminalSimulator({ delayMs: 30 });
    const started = Date.now();
    await terminal.activateEid({ documentNumber: card });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('prints the sticker in the card\'s upper-case style', () => {
    expect(addressStickerText({ documentNumber: card, street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', changedOn: new Date('2026-03-01T23:30:00Z') }))
      .toBe('ANSCHRIFT / ADDRESS\nAM STADTPARK 3\n44791 BOCHUM\nAusweisnummer L01X00T47\nGeändert am 02.03.2026');
  });
});
