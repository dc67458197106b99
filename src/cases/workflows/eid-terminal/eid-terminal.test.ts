import { describe, expect, it } from 'vitest';
import { createChangeTerminalSimulator, type ChangeTerminalSimulatorOptions } from '../../../devices/change-terminal-simulator.ts';
import type { ChangeTerminal, DevicePorts } from '../../../devices/types.ts';
import { requestProblems } from '../../../documents/validate-request.ts';
import { captureViolations } from '../../capture-case.ts';
import { AppError } from '../../../platform/errors.ts';
import type { CaseFacts, CompletionContext, Workflow } from '../../workflow.ts';
import { eidActivationWorkflow, eidAddressChangeWorkflow, eidPinResetWorkflow, wohnortIdOf } from './index.ts';
import { bochumAddress, caseFacts, keysOf, residence, serial } from './testing.ts';

const now = () => new Date('2026-12-01T10:15:00Z');
const card = serial('L01X00T47');

function devicesWith(changeTerminal: ChangeTerminal): DevicePorts {
  const unused = () => Promise.reject(new Error('not used by the terminal services'));
  return {
    camera: { capturePhoto: unused },
    photoCodes: { fetchPhoto: unused },
    fingerprints: { capture: unused },
    scanner: { scan: unused },
    changeTerminal,
    printer: { print: unused, health: unused },
    payment: { pay: unused, abort: unused, health: unused },
  };
}

/** Runs a workflow's device action through the simulator and merges its result as the engine does. */
async function runAction<T extends Record<string, unknown>>(workflow: Workflow<T>, action: string, data: Partial<T>, facts: CaseFacts, options: ChangeTerminalSimulatorOptions = {}) {
  const terminal = createChangeTerminalSimulator({ now, ...options });
  const result = await workflow.deviceActions![action]!.run(devicesWith(terminal), {}, data, facts);
  return { result, terminal, data: { ...data, ...result.dataPatch } as Partial<T> };
}

const context: CompletionContext = {
  caseNumber: 'BO-2026-000123', completedAt: '2026-12-01T10:20:00.000Z', officer: { id: 'u1', name: 'A. Beispiel' },
  fee: { serviceId: 'eid_address_change', applicationDate: '2026-12-01', ageAtApplication: 88, items: [], totalCents: 0, waived: null, split: null, tables: [] },
  reservedSerialNumber: null,
};

const codes = (violations: { code: string }[]) => violations.map((item) => item.code);

describe('eID address change', () => {
  const workflow = eidAddressChangeWorkflow;

  it('pre-fills the valid identity card of the register', () => {
    expect(workflow.initialData!(caseFacts())).toEqual({ documentSerialNumber: card });
    expect(workflow.initialData!(caseFacts({ subject: { documents: [] } }))).toEqual({});
  });

  it('writes the Hauptwohnung with its Wohnort-ID and prints the sticker', async () => {
    const facts = caseFacts();
    const { data, terminal } = await runAction(workflow, 'change_address', { documentSerialNumber: card }, facts);
    expect(terminal.card('L01X00T47').address).toBe('Am Stadtpark 3, 44791 Bochum (02760591100000)');
    expect(data.terminal).toMatchObject({ ok: true, documentNumber: 'L01X00T47', attempts: 1, address: { ...bochumAddress, wohnortId: '02760591100000' } });
    expect(captureViolations(workflow, data, facts)).toMatchObject({ violations: [], parsed: data });
    const effects = workflow.complete(workflow.dataSchema.parse(data), facts, context);
    expect(effects.documents).toHaveLength(1);
    expect(effects.documents[0]).toMatchObject({ kind: 'address_sticker', verifiable: false });
    expect(effects.documents[0]!.sections[0]!.paragraphs).toEqual(['ANSCHRIFT / ADDRESS', 'AM STADTPARK 3', '44791 BOCHUM', 'Ausweisnummer L01X00T47', 'Geändert am 01.12.2026']);
    expect(effects.registerChanges).toEqual([]);
    expect(requestProblems(effects.documents[0]!)).toEqual([]);
  });

  it('puts the Adressierungszusatz on the street line', async () => {
    const facts = caseFacts({ subject: { residences: [residence({ address: { ...bochumAddress, addition: 'Zimmer 12' } })] } });
    const { data } = await runAction(workflow, 'change_address', { documentSerialNumber: card }, facts);
    expect(data.terminal?.stickerText).toContain('AM STADTPARK, ZIMMER 12 3');
    expect(workflow.validateCapture(data, facts)).toEqual([]);
  });

  it.each([
    ['CARD_BLOCKED', 'EID_TERMINAL_CARD_BLOCKED', /gesperrt/],
    ['CARD_NOT_PRESENT', 'EID_TERMINAL_CARD_NOT_PRESENT', /Lesefeld/],
    ['TERMINAL_OFFLINE', 'EID_TERMINAL_TERMINAL_OFFLINE', /Netzverbindung/],
    ['SOMETHING_NEW', 'EID_TERMINAL_SOMETHING_NEW', /IT-Support/],
  ] as const)('a terminal failure %s becomes a violation saying what to do', async (errorCode, code, text) => {
    const facts = caseFacts();
    const { data } = await runAction(workflow, 'change_address', { documentSerialNumber: card }, facts,
      { script: [{ errorCode: errorCode as never }] });
    expect(data.terminal).toMatchObject({ ok: false, errorCode, address: null, stickerText: null });
    const violations = workflow.validateCapture(data, facts);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ code, field: 'terminal' });
    expect(violations[0]!.message.de).toMatch(text);
    expect(violations[0]!.message.en).toBeTruthy();
  });

  it('counts attempts and overwrites a failure with the later success', async () => {
    const facts = caseFacts();
    const terminal = createChangeTerminalSimulator({ now, script: [{ errorCode: 'CARD_NOT_PRESENT' }] });
    const action = workflow.deviceActions!.change_address!;
    const first = await action.run(devicesWith(terminal), {}, { documentSerialNumber: card }, facts);
    const afterFirst = { documentSerialNumber: card, ...first.dataPatch } as Parameters<typeof workflow.validateCapture>[0];
    const second = await action.run(devicesWith(terminal), {}, afterFirst, facts);
    expect(second.dataPatch.terminal).toMatchObject({ ok: true, errorCode: null, attempts: 2 });
  });

  it('returns every violation at once', () => {
    const facts = caseFacts({ subject: { residences: [], documents: [{ kind: 'reisepass', serialNumber: card, issuedOn: '2015-01-01', validUntil: '2025-01-01', status: 'valid' }] } });
    expect(codes(workflow.validateCapture({ documentSerialNumber: card }, facts)))
      .toEqual(['EID_DOCUMENT_NO_CHIP', 'EID_DOCUMENT_EXPIRED', 'EID_NO_HAUPTWOHNUNG', 'EID_TERMINAL_NOT_RUN']);
  });

  it.each([
    ['no serial number', {}, 'EID_DOCUMENT_REQUIRED'],
    ['a number not in the register', { documentSerialNumber: serial('L01X99999') }, 'EID_DOCUMENT_UNKNOWN'],
  ])('asks for the card: %s', (_name, data, code) => {
    expect(codes(workflow.validateCapture(data, caseFacts()))).toContain(code);
  });

  it('refuses an invalidated card', () => {
    const facts = caseFacts({ subject: { documents: [{ kind: 'personalausweis', serialNumber: card, issuedOn: '2020-05-04', validUntil: '2030-05-03', status: 'stolen' }] } });
    expect(codes(workflow.validateCapture({ documentSerialNumber: card }, facts))).toContain('EID_DOCUMENT_NOT_VALID');
  });

  it('asks for a new run when the register address changed after the chip was written', async () => {
    const { data } = await runAction(workflow, 'change_address', { documentSerialNumber: card }, caseFacts());
    const moved = caseFacts({ subject: { residences: [residence({ address: { ...bochumAddress, street: 'Kortumstraße', houseNumber: '20' } })] } });
    expect(codes(workflow.validateCapture(data, moved))).toEqual(['EID_ADDRESS_OUTDATED']);
  });

  it('does not start the terminal without a Hauptwohnung', async () => {
    await expect(runAction(workflow, 'change_address', { documentSerialNumber: card }, caseFacts({ subject: { residences: [] } })))
      .rejects.toMatchObject({ code: 'EID_TERMINAL_PRECONDITION' });
  });

  it('shows the new address as a notice', () => {
    expect(workflow.notices!({}, caseFacts())[0]!.message.de).toContain('Am Stadtpark 3, 44791 Bochum');
  });

  it('is free: prices the service on the application date', () => {
    expect(workflow.feeInput({}, caseFacts())).toEqual({ serviceId: 'eid_address_change', applicationDate: '2026-12-01', birthDate: '1938-04-12' });
  });

  it('derives the Wohnort-ID from the AGS', () => {
    expect(wohnortIdOf('05911000')).toBe('02760591100000');
    expect(() => wohnortIdOf('5911000')).toThrow(AppError);
  });
});

describe('PIN reset and eID activation', () => {
  const present = { documentSerialNumber: card, holderPresent: true as const, identityChecked: true as const };

  it.each([
    [eidPinResetWorkflow, 'reset_pin', 'Neue PIN gesetzt.'],
    [eidActivationWorkflow, 'activate_eid', 'Online-Ausweisfunktion eingeschaltet.'],
  ] as const)('%# runs through the simulator', async (workflow, action, message) => {
    const facts = caseFacts();
    const { data } = await runAction(workflow, action, present, facts, { cards: { L01X00T47: { eidActive: action === 'reset_pin' } } });
    expect(data.terminal).toMatchObject({ ok: true, message });
    expect(workflow.validateCapture(data, facts)).toEqual([]);
    expect(workflow.complete(workflow.dataSchema.parse(data), facts, context)).toEqual({ documents: [], messages: [], registerChanges: [] });
  });

  it('PIN reset on a card with the eID function off says to switch it on first', async () => {
    const facts = caseFacts();
    const { data } = await runAction(eidPinResetWorkflow, 'reset_pin', present, facts, { cards: { L01X00T47: { eidActive: false } } });
    const [only] = eidPinResetWorkflow.validateCapture(data, facts);
    expect(only).toMatchObject({ code: 'EID_TERMINAL_EID_NOT_ACTIVE', field: 'terminal' });
    expect(only!.message.de).toContain('Online-Ausweisfunktion einschalten');
  });

  it('a cancel at the PIN pad asks to run again', async () => {
    const facts = caseFacts();
    const { data } = await runAction(eidPinResetWorkflow, 'reset_pin', present, facts, { script: [{ operation: 'resetPin', errorCode: 'CANCELLED_BY_HOLDER' }] });
    expect(codes(eidPinResetWorkflow.validateCapture(data, facts))).toEqual(['EID_TERMINAL_CANCELLED_BY_HOLDER']);
  });

  it.each([
    ['15 years and 364 days', '2010-12-02', ['EID_ACTIVATION_UNDER_16']],
    ['16 on the application date', '2010-12-01', []],
    ['birth date unknown', null, ['EID_ACTIVATION_BIRTH_DATE_UNKNOWN']],
    ['only the year known, could still be 15', '2010', ['EID_ACTIVATION_UNDER_16']],
  ])('eID activation, holder %s', (_name, birthDate, expected) => {
    const facts = caseFacts({ subject: { birthDate } });
    const violations = eidActivationWorkflow.validateCapture({ ...present, terminal: { ok: true, completedAt: 'x', documentNumber: 'L01X00T47', attempts: 1 } }, facts);
    expect(codes(violations)).toEqual(expected);
  });

  it('eID activation under 16 does not even start the terminal', async () => {
    const facts = caseFacts({ subject: { birthDate: '2011-06-01' } });
    const terminal = createChangeTerminalSimulator({ now });
    await expect(eidActivationWorkflow.deviceActions!.activate_eid!.run(devicesWith(terminal), {}, present, facts))
      .rejects.toMatchObject({ code: 'EID_TERMINAL_PRECONDITION' });
    expect(terminal.log).toEqual([]);
  });

  it('the message names the day the holder turns 16', () => {
    const [only] = eidActivationWorkflow.validateCapture({ ...present, terminal: { ok: true, completedAt: 'x', documentNumber: 'L01X00T47', attempts: 1 } }, caseFacts({ subject: { birthDate: '2011-06-01' } }));
    expect(only!.message.de).toContain('01.06.2027');
  });

  it.each([
    ['a Bevollmächtigter', { kind: 'authorised_person', name: 'Max Muster', evidence: 'Vollmacht' }],
    ['even a Betreuer', { kind: 'betreuer', name: 'B. Treuer', evidence: 'Betreuerausweis 12 XVII 34/25', scope: ['alle_angelegenheiten'] }],
  ] as const)('only the holder in person, not %s', (_name, applicant) => {
    const facts = caseFacts({ applicant: { ...applicant, scope: 'scope' in applicant ? [...applicant.scope] : [] } });
    expect(codes(eidPinResetWorkflow.validateCapture({ ...present, terminal: { ok: true, completedAt: 'x', documentNumber: 'L01X00T47', attempts: 1 } }, facts)))
      .toEqual(['EID_IN_PERSON_ONLY']);
  });

  it.each([
    [eidPinResetWorkflow, ['EID_PIN_ONLY_ON_PIN_PAD']],
    [eidActivationWorkflow, ['EID_PIN_ONLY_ON_PIN_PAD', 'EID_ACTIVATION_PIN_NEEDED']],
  ] as const)('%# tells the officer the PIN is typed on the PIN pad only', (workflow, expected) => {
    expect(workflow.notices!({}, caseFacts()).map((item) => item.code)).toEqual(expected);
  });

  it('asks the officer to confirm presence and the identity check', () => {
    expect(codes(eidPinResetWorkflow.validateCapture({ documentSerialNumber: card }, caseFacts())))
      .toEqual(['EID_HOLDER_NOT_PRESENT', 'EID_IDENTITY_NOT_CHECKED', 'EID_TERMINAL_NOT_RUN']);
  });
});

describe('PIN change, when the holder knows the current PIN', () => {
  const workflow = eidPinResetWorkflow;
  const present = { documentSerialNumber: card, holderPresent: true as const, identityChecked: true as const };
  const changing = { ...present, variant: 'aenderung' as const };

  it('lets the officer pick the route: Neusetzung by default, PIN change as the variant, one terminal button each', () => {
    expect(workflow.initialData!(caseFacts())).toEqual({ documentSerialNumber: card, variant: 'neusetzung' });
    const variant = workflow.form[0]!.fields.find((field) => field.name === 'variant');
    expect(variant).toMatchObject({ kind: 'select', required: true });
    expect(variant!.options!.map((option) => [option.value, option.label.de])).toEqual([
      ['neusetzung', 'Nein – PIN neu setzen (Neusetzung)'], ['aenderung', 'Ja – PIN ändern (alte PIN bekannt)'],
    ]);
    expect(workflow.form[1]!.fields.map((field) => [field.name, field.action, field.visibleWhen])).toEqual([
      ['terminal', 'reset_pin', { field: 'variant', equals: ['neusetzung'] }],
      ['terminal', 'change_pin', { field: 'variant', equals: ['aenderung'] }],
    ]);
    expect(eidActivationWorkflow.form.flatMap((step) => step.fields).map((field) => field.name)).not.toContain('variant');
  });

  it('runs changePin on the terminal and records the route, the answer and the attempts left', async () => {
    const facts = caseFacts();
    const { data, terminal } = await runAction(workflow, 'change_pin', changing, facts);
    expect(terminal.log).toEqual([{ operation: 'changePin', documentNumber: 'L01X00T47', ok: true }]);
    expect(data.terminal).toEqual({
      ok: true, errorCode: null, message: 'PIN geändert; der Inhaber hat sie am PIN-Pad gesetzt.', completedAt: '2026-12-01T10:15:00.000Z',
      documentNumber: 'L01X00T47', attempts: 1, retryCounter: 3, variant: 'aenderung',
    });
    expect(captureViolations(workflow, data, facts)).toMatchObject({ violations: [], parsed: data });
    expect(workflow.complete(workflow.dataSchema.parse(data), facts, context)).toEqual({ documents: [], messages: [], registerChanges: [] });
    expect(workflow.feeInput(data, facts)).toMatchObject({ serviceId: 'eid_pin_reset' });
  });

  it('a wrong current PIN says how many attempts are left; a blocked PIN leads to the Neusetzung, which then completes the case', async () => {
    const facts = caseFacts();
    const terminal = createChangeTerminalSimulator({ now, script: [1, 2, 3].map(() => ({ operation: 'changePin' as const, errorCode: 'WRONG_PIN' as const })) });
    let data: Partial<Record<string, unknown>> = changing;
    const run = async (action: string) => {
      const result = await workflow.deviceActions![action]!.run(devicesWith(terminal), {}, data as never, facts);
      data = { ...data, ...result.dataPatch };
      return workflow.validateCapture(data as never, facts);
    };
    const [first] = await run('change_pin');
    expect(first).toMatchObject({ code: 'EID_TERMINAL_WRONG_PIN', field: 'terminal' });
    expect(first!.message.de).toContain('noch 2 Versuche');
    expect((await run('change_pin'))[0]!.message.de).toContain('noch 1 Versuch)');
    const [blocked] = await run('change_pin');
    expect(blocked).toMatchObject({ code: 'EID_TERMINAL_PIN_BLOCKED' });
    expect(blocked!.message.de).toContain('PIN neu setzen (Neusetzung)');
    expect(data.terminal).toMatchObject({ ok: false, errorCode: 'PIN_BLOCKED', retryCounter: 0, attempts: 3, variant: 'aenderung' });

    data = { ...data, variant: 'neusetzung' };
    expect(await run('reset_pin')).toEqual([]);
    expect(data.terminal).toMatchObject({ ok: true, attempts: 4, retryCounter: null, variant: 'neusetzung' });
    expect(terminal.card('L01X00T47').retryCounter).toBe(3);
  });

  it('each button runs only the chosen route, and a choice changed after the run asks to run again', async () => {
    const facts = caseFacts();
    const terminal = createChangeTerminalSimulator({ now });
    await expect(workflow.deviceActions!.change_pin!.run(devicesWith(terminal), {}, present, facts))
      .rejects.toMatchObject({ code: 'EID_TERMINAL_PRECONDITION', details: { violations: [expect.objectContaining({ code: 'EID_VARIANT_NOT_CHOSEN' })] } });
    await expect(workflow.deviceActions!.reset_pin!.run(devicesWith(terminal), {}, changing, facts))
      .rejects.toMatchObject({ code: 'EID_TERMINAL_PRECONDITION' });
    expect(terminal.log).toEqual([]);

    const { data } = await runAction(workflow, 'change_pin', changing, facts);
    const switched = workflow.validateCapture({ ...data, variant: 'neusetzung' }, facts);
    expect(codes(switched)).toEqual(['EID_TERMINAL_OTHER_VARIANT']);
    expect(switched[0]!.message.de).toContain('PIN am PIN-Pad ändern');
  });

  it('a case from before the variant existed is a Neusetzung', async () => {
    const facts = caseFacts();
    const { data } = await runAction(workflow, 'reset_pin', present, facts);
    expect(workflow.validateCapture(data, facts)).toEqual([]);
    const older = { ...present, terminal: { ok: true, completedAt: 'x', documentNumber: 'L01X00T47', attempts: 1 } };
    expect(workflow.validateCapture(older, facts)).toEqual([]);
    expect(codes(workflow.validateCapture({ ...older, variant: 'aenderung' }, facts))).toEqual(['EID_TERMINAL_OTHER_VARIANT']);
  });

  it('a terminal without the PIN change says which way to take, and is not touched', async () => {
    const withoutChangePin = createChangeTerminalSimulator({ now });
    const bare: ChangeTerminal = {
      changeAddress: (request) => withoutChangePin.changeAddress(request),
      resetPin: (request) => withoutChangePin.resetPin(request),
      activateEid: (request) => withoutChangePin.activateEid(request),
    };
    const error = await workflow.deviceActions!.change_pin!.run(devicesWith(bare), {}, changing, caseFacts()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'TERMINAL_OPERATION_UNSUPPORTED', status: 501 });
    expect((error as AppError).message).toContain('ausweisapp://');
    expect(withoutChangePin.log).toEqual([]);
  });

  it('the eID activation has no variant', () => {
    const recorded = { ok: true, completedAt: 'x', documentNumber: 'L01X00T47', attempts: 1 };
    expect(codes(eidActivationWorkflow.validateCapture({ ...changing, terminal: recorded }, caseFacts()))).toEqual(['EID_VARIANT_NOT_ALLOWED']);
  });
});

describe('the PIN guarantee', () => {
  const workflows = [eidAddressChangeWorkflow, eidPinResetWorkflow, eidActivationWorkflow] as const;
  const terminal = { ok: true, completedAt: '2026-12-01T10:15:00.000Z', documentNumber: 'L01X00T47', attempts: 1 };
  const full = { documentSerialNumber: card, holderPresent: true, identityChecked: true, terminal };

  it.each(workflows.map((workflow) => [workflow.serviceId, workflow] as const))('%s: the data schema rejects a pin key, at the top and inside the terminal result', (_id, workflow) => {
    const shape = workflow.serviceId === 'eid_address_change' ? { documentSerialNumber: card, terminal } : full;
    expect(workflow.dataSchema.safeParse(shape).success).toBe(true);
    expect(workflow.dataSchema.safeParse({ ...shape, pin: '123456' }).success).toBe(false);
    expect(workflow.dataSchema.safeParse({ ...shape, terminal: { ...terminal, pin: '123456' } }).success).toBe(false);
  });

  it.each(workflows.map((workflow) => [workflow.serviceId, workflow] as const))('%s: a pin anywhere in a draft is a violation', (_id, workflow) => {
    const violations = workflow.validateCapture({ ...full, pin: '123456', terminal: { ...terminal, newPin: '654321' } } as never, caseFacts());
    expect(violations.filter((item) => item.code === 'EID_SECRET_NOT_ALLOWED').map((item) => item.field).sort()).toEqual(['pin', 'terminal.newPin']);
  });

  it.each([
    ['change_address', eidAddressChangeWorkflow],
    ['reset_pin', eidPinResetWorkflow],
    ['change_pin', eidPinResetWorkflow],
    ['activate_eid', eidActivationWorkflow],
  ] as const)('%s takes no input, so no PIN can be passed', async (action, workflow) => {
    const run = workflow.deviceActions![action]!.run(devicesWith(createChangeTerminalSimulator({ now })), { pin: '123456' }, full as never, caseFacts());
    await expect(run).rejects.toMatchObject({ code: 'EID_TERMINAL_INPUT_NOT_ALLOWED' });
  });

  it('device results carry no PIN, even when a driver adds one', async () => {
    const leaky: ChangeTerminal = {
      changeAddress: () => Promise.resolve({ ok: true, completedAt: '2026-12-01T10:15:00.000Z', stickerText: 'X', pin: '123456' } as never),
      resetPin: () => Promise.resolve({ ok: true, completedAt: '2026-12-01T10:15:00.000Z', pin: '123456', puk: '1234567890' } as never),
      activateEid: () => Promise.resolve({ ok: false, errorCode: 'CANCELLED_BY_HOLDER', completedAt: '2026-12-01T10:15:00.000Z', pin: '123456' } as never),
      changePin: () => Promise.resolve({ ok: true, completedAt: '2026-12-01T10:15:00.000Z', retryCounter: 3, oldPin: '123456', newPin: '654321', pin: '654321' } as never),
    };
    const facts = caseFacts();
    const results = [
      await eidAddressChangeWorkflow.deviceActions!.change_address!.run(devicesWith(leaky), {}, { documentSerialNumber: card }, facts),
      await eidPinResetWorkflow.deviceActions!.reset_pin!.run(devicesWith(leaky), {}, full as never, facts),
      await eidActivationWorkflow.deviceActions!.activate_eid!.run(devicesWith(leaky), {}, full as never, facts),
      await eidPinResetWorkflow.deviceActions!.change_pin!.run(devicesWith(leaky), {}, { ...full, variant: 'aenderung' } as never, facts),
    ];
    for (const result of results) {
      expect(result.attachments).toEqual([]);
      for (const key of keysOf(result.dataPatch)) expect(key).not.toMatch(/^(pin|puk|can)$/i);
      expect(JSON.stringify(result.dataPatch)).not.toContain('123456');
      expect(JSON.stringify(result.dataPatch)).not.toContain('654321');
    }
  });

  it('results from the simulator carry no PIN-like key', async () => {
    const facts = caseFacts();
    const runs = [
      await runAction(eidAddressChangeWorkflow, 'change_address', { documentSerialNumber: card }, facts),
      await runAction(eidPinResetWorkflow, 'reset_pin', full as never, facts),
      await runAction(eidActivationWorkflow, 'activate_eid', full as never, facts),
      await runAction(eidPinResetWorkflow, 'change_pin', { ...full, variant: 'aenderung' } as never, facts),
    ];
    for (const { result } of runs) for (const key of keysOf(result.dataPatch)) expect(key).not.toMatch(/pin|puk|^can$/i);
  });

  it('no form field of a terminal service holds a PIN', () => {
    for (const workflow of workflows) {
      for (const field of workflow.form.flatMap((step) => step.fields)) expect(field.name).not.toMatch(/pin|puk|^can$/i);
    }
  });
});
