import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AppError } from '../../platform/errors.ts';
import type { TerminalPrompt } from '../types.ts';
import { createAusweisAppChangeTerminal, type AusweisAppChangeTerminalOptions } from './change-terminal.ts';
import { startAusweisAppSimulator, type AusweisAppSimulator, type AusweisAppSimulatorOptions, type Frame } from './simulator.ts';

const comfort = 'REINER SCT cyberJack RFID komfort';
const basic = 'REINER SCT cyberJack RFID basis';
const oldPin = '123456';
const newPin = '654321';
const fixed = () => new Date('2026-12-03T10:00:00Z');

let simulator: AusweisAppSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function setup(options: AusweisAppSimulatorOptions = {}, terminalOptions: AusweisAppChangeTerminalOptions = {}) {
  simulator = await startAusweisAppSimulator(options);
  const terminal = createAusweisAppChangeTerminal({ url: simulator.url, now: fixed, ...terminalOptions });
  return { sim: simulator, terminal };
}

const commandsIn = (frames: readonly Frame[]) => frames.filter((frame) => frame.direction === 'in').map((frame) => JSON.parse(frame.text) as Record<string, unknown>);
const messagesOut = (frames: readonly Frame[]) => frames.filter((frame) => frame.direction === 'out').map((frame) => JSON.parse(frame.text) as Record<string, unknown>);

/** The DESIGN §5 guarantee on the wire: no command carries a value, and no secret appears in any frame either way. */
function expectNoSecretOnTheWire(frames: readonly Frame[], secrets: string[]) {
  expect(frames.length).toBeGreaterThan(0);
  for (const command of commandsIn(frames)) expect(Object.keys(command)).not.toContain('value');
  for (const frame of frames) for (const secret of secrets) expect(frame.text).not.toContain(secret);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('AusweisApp change terminal: PIN change on a comfort reader', () => {
  it('changes the PIN with both PINs typed on the pad, and no PIN crosses the socket', async () => {
    const { sim, terminal } = await setup({ pad: [{ type: 'type', digits: oldPin }, { type: 'type', digits: newPin }] });
    const prompts: TerminalPrompt['step'][] = [];
    const result = await terminal.changePin({ onPrompt: (prompt) => prompts.push(prompt.step) });

    expect(result).toEqual({ ok: true, message: expect.stringContaining('PIN geändert'), retryCounter: 3, completedAt: '2026-12-03T10:00:00.000Z' });
    expect(sim.card(comfort)?.pin).toBe(newPin);
    expect(prompts).toEqual(['enter-pin', 'enter-new-pin']);
    expect(commandsIn(sim.frames).map((command) => command.cmd)).toEqual(['SET_API_LEVEL', 'GET_READER_LIST', 'RUN_CHANGE_PIN', 'SET_PIN', 'SET_NEW_PIN']);
    expectNoSecretOnTheWire(sim.frames, [oldPin, newPin]);
  });

  it('waits for the card when none lies on the reader', async () => {
    const { sim, terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: null }], pad: [{ type: 'type', digits: oldPin }, { type: 'type', digits: newPin }] });
    const result = await terminal.changePin({
      onPrompt: (prompt) => {
        if (prompt.step === 'insert-card') sim.insertCard(comfort, { pin: oldPin });
      },
    });
    expect(result.ok).toBe(true);
    expect(sim.card(comfort)?.pin).toBe(newPin);
  });

  it('lets the holder type the CAN on the pad when the card is at its last attempt', async () => {
    const { sim, terminal } = await setup({
      readers: [{ name: comfort, keypad: true, card: { pin: oldPin, can: '246810', retryCounter: 1 } }],
      pad: [{ type: 'type', digits: '246810' }, { type: 'type', digits: oldPin }, { type: 'type', digits: newPin }],
    });
    const prompts: string[] = [];
    const result = await terminal.changePin({ onPrompt: (prompt) => prompts.push(prompt.step) });
    expect(result.ok).toBe(true);
    expect(prompts).toEqual(['enter-can', 'enter-pin', 'enter-new-pin']);
    expectNoSecretOnTheWire(sim.frames, ['246810', oldPin, newPin]);
  });
});

describe('AusweisApp change terminal: outcomes', () => {
  it('stops after a wrong PIN and reports the attempts left', async () => {
    const { sim, terminal } = await setup({ pad: [{ type: 'type', digits: '000000' }] });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode: 'WRONG_PIN', retryCounter: 2 });
    expect(result.message).toContain('noch 2 Versuche');
    expect(sim.card(comfort)).toEqual({ pin: oldPin, retryCounter: 2 });
    // The adapter did not let the pad take a second attempt on its own.
    expect(commandsIn(sim.frames).filter((command) => command.cmd === 'SET_PIN')).toHaveLength(1);
    expect(commandsIn(sim.frames).at(-1)).toEqual({ cmd: 'CANCEL' });
    expectNoSecretOnTheWire(sim.frames, ['000000', oldPin]);
  });

  it('reports the second wrong PIN (the card now wants the CAN) with one attempt left', async () => {
    const { terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: { pin: oldPin, retryCounter: 2 } }], pad: [{ type: 'type', digits: '111111' }] });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode: 'WRONG_PIN', retryCounter: 1 });
    expect(result.message).toContain('CAN');
  });

  it('reports a blocked PIN without trying the PUK', async () => {
    const { sim, terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: { pin: oldPin, retryCounter: 0 } }] });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode: 'PIN_BLOCKED', retryCounter: 0 });
    expect(commandsIn(sim.frames).map((command) => command.cmd)).not.toContain('SET_PUK');
  });

  it.each([
    ['the card is taken off the reader', { type: 'remove-card' } as const, 'CARD_REMOVED'],
    ['the holder cancels on the pad', { type: 'cancel' } as const, 'CANCELLED_BY_HOLDER'],
    ['the pad times out', { type: 'timeout' } as const, 'TERMINAL_TIMEOUT'],
  ])('fails clearly when %s', async (_name, action, errorCode) => {
    const { sim, terminal } = await setup({ pad: [action] });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode });
    expect(result.message).toMatch(/PIN (ist )?unverändert/);
    expect(sim.card(comfort)?.pin ?? oldPin).toBe(oldPin);
  });

  it('fails clearly when the new PIN is not repeated alike', async () => {
    const { sim, terminal } = await setup({ pad: [{ type: 'type', digits: oldPin }, { type: 'mismatch' }] });
    expect(await terminal.changePin()).toMatchObject({ ok: false, errorCode: 'NEW_PIN_MISMATCH' });
    expect(sim.card(comfort)?.pin).toBe(oldPin);
  });

  it('is cancelled by the officer while the pad waits', async () => {
    const { sim, terminal } = await setup();
    const result = await terminal.changePin({
      onPrompt: (prompt) => {
        if (prompt.step === 'enter-pin') setTimeout(() => void terminal.cancel(), 20);
      },
    });
    expect(result).toMatchObject({ ok: false, errorCode: 'CANCELLED_BY_OFFICER' });
    expect(messagesOut(sim.frames).at(-1)).toEqual({ msg: 'CHANGE_PIN', success: false, reason: 'User_Cancelled' });
  });

  it('gives up after the workflow time and cancels the SDK workflow', async () => {
    const { sim, terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: null }] }, { workflowTimeoutMs: 150 });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode: 'TERMINAL_TIMEOUT' });
    expect(commandsIn(sim.frames).at(-1)).toEqual({ cmd: 'CANCEL' });
  });

  it('reports a card with the eID function switched off, with the route to switch it on', async () => {
    const { terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: { pin: oldPin, deactivated: true } }] });
    const result = await terminal.changePin();
    expect(result).toMatchObject({ ok: false, errorCode: 'EID_NOT_ACTIVE' });
    expect(result.message).toContain('Änderungsterminal');
  });

  it('reports a lost connection mid-way as unknown, not as a failure of the PIN', async () => {
    const { sim, terminal } = await setup();
    const result = await terminal.changePin({
      onPrompt: (prompt) => {
        if (prompt.step === 'enter-pin') setTimeout(() => void sim.close(), 20);
      },
    });
    expect(result).toMatchObject({ ok: false, errorCode: 'TERMINAL_CONNECTION_LOST' });
    expect(result.message).toContain('unbekannt');
  });

  it('works with an AusweisApp that knows API level 1 only (reader list as "reader")', async () => {
    const { sim, terminal } = await setup({ apiLevels: [1], pad: [{ type: 'type', digits: oldPin }, { type: 'type', digits: newPin }] });
    expect((await terminal.changePin()).ok).toBe(true);
    expect(messagesOut(sim.frames).find((message) => message.msg === 'READER_LIST')).toHaveProperty('reader');
  });
});

describe('AusweisApp change terminal: refusals', () => {
  it('refuses without a reader that has its own PIN pad, before any workflow starts', async () => {
    const { sim, terminal } = await setup({ readers: [{ name: basic, keypad: false, card: { pin: oldPin } }] });
    const error = await rejection(terminal.changePin());
    expect(error.code).toBe('PIN_PAD_REQUIRED');
    expect(error.message).toContain(basic);
    expect(error.message).toContain('through the PC');
    expect(commandsIn(sim.frames).map((command) => command.cmd)).not.toContain('RUN_CHANGE_PIN');
  });

  it('cancels when the card lies on a reader without a PIN pad, without answering its PIN prompt', async () => {
    const { sim, terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: null }, { name: basic, keypad: false, card: { pin: oldPin } }] });
    const error = await rejection(terminal.changePin());
    expect(error.code).toBe('PIN_PAD_REQUIRED');
    expect(error.message).toContain(basic);
    const commands = commandsIn(sim.frames).map((command) => command.cmd);
    expect(commands).toContain('RUN_CHANGE_PIN');
    expect(commands).not.toContain('SET_PIN');
    expect(commands.at(-1)).toBe('CANCEL');
  });

  it.each([
    ['changeAddress', (terminal: ReturnType<typeof createAusweisAppChangeTerminal>) => terminal.changeAddress({ documentNumber: 'L01X00T47', address: { street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', wohnortId: '05911000000000' } })],
    ['activateEid', (terminal: ReturnType<typeof createAusweisAppChangeTerminal>) => terminal.activateEid({ documentNumber: 'L01X00T47' })],
    ['resetPin', (terminal: ReturnType<typeof createAusweisAppChangeTerminal>) => terminal.resetPin({ documentNumber: 'L01X00T47' })],
  ])('refuses %s and names the certified terminal software as the route', async (_name, call) => {
    const { sim, terminal } = await setup();
    const error = await rejection(call(terminal));
    expect(error.code).toBe('TERMINAL_OPERATION_UNSUPPORTED');
    expect(error.message).toContain('not a function of AusweisApp');
    expect(error.message).toContain('certified Änderungsterminal software');
    expect(sim.connections).toBe(0);
  });

  it('says clearly that AusweisApp is not running', async () => {
    const port = await freePort();
    const terminal = createAusweisAppChangeTerminal({ url: `ws://127.0.0.1:${port}/eID-Kernel` });
    const error = await rejection(terminal.changePin());
    expect(error.code).toBe('AUSWEISAPP_UNREACHABLE');
    expect(error.message).toContain('not running');
    expect(error.message).toContain('--ui websocket');
  });

  it('says clearly that another program holds the SDK connection', async () => {
    const { sim, terminal } = await setup();
    const other = new WebSocket(sim.url);
    await new Promise((resolve) => other.once('open', resolve));
    const error = await rejection(terminal.changePin());
    expect(error.code).toBe('AUSWEISAPP_BUSY');
    other.close();
  });

  it('says clearly that the SDK is switched off', async () => {
    const { terminal } = await setup({ websocketDisabled: true });
    expect((await rejection(terminal.changePin())).code).toBe('AUSWEISAPP_SDK_DISABLED');
  });
});

describe('AusweisApp change terminal: health', () => {
  it('reports the reader with its PIN pad and the card on it', async () => {
    const { sim, terminal } = await setup({ version: '2.3.1' });
    const health = await terminal.health();
    expect(health).toMatchObject({ device: 'changeTerminal', driver: 'ausweisapp', ok: true, checkedAt: '2026-12-03T10:00:00.000Z' });
    expect(health.detail).toBe(`AusweisApp 2.3.1: Leser „${comfort}“ mit PIN-Pad, Ausweis aufgelegt (3 PIN-Versuche).`);
    expect(commandsIn(sim.frames).map((command) => command.cmd)).toEqual(['SET_API_LEVEL', 'GET_INFO', 'GET_READER_LIST']);
  });

  it('reports a reader without a card', async () => {
    const { terminal } = await setup({ readers: [{ name: comfort, keypad: true, card: null }] });
    const health = await terminal.health();
    expect(health.ok).toBe(true);
    expect(health.detail).toContain('kein Ausweis aufgelegt');
  });

  it('is not ok with basic readers only, and says why', async () => {
    const { terminal } = await setup({ readers: [{ name: basic, keypad: false, card: null }] });
    const health = await terminal.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain(`„${basic}“ ohne PIN-Pad`);
    expect(health.detailEn).toContain('attach a comfort reader');
  });

  it('opens one session after another (AusweisApp takes a single client at a time)', async () => {
    const { sim, terminal } = await setup();
    for (let round = 0; round < 8; round += 1) expect((await terminal.health()).ok).toBe(true);
    sim.holder({ type: 'type', digits: oldPin });
    sim.holder({ type: 'type', digits: newPin });
    expect((await terminal.changePin()).ok).toBe(true);
    expect((await terminal.health()).detail).toContain('3 PIN-Versuche');
    expect(sim.connections).toBe(10);
  });

  it('answers health during a PIN change without a second connection', async () => {
    const { sim, terminal } = await setup();
    let health: Awaited<ReturnType<typeof terminal.health>> | undefined;
    const result = await terminal.changePin({
      onPrompt: (prompt) => {
        if (prompt.step !== 'enter-pin') return;
        void terminal.health().then((answer) => {
          health = answer;
          void terminal.cancel();
        });
      },
    });
    expect(result.errorCode).toBe('CANCELLED_BY_OFFICER');
    expect(health).toMatchObject({ ok: true, detail: expect.stringContaining('PIN-Änderung läuft') });
    expect(sim.connections).toBe(1);
  });

  it('refuses a second PIN change while one runs', async () => {
    const { terminal } = await setup();
    const first = terminal.changePin({
      onPrompt: (prompt) => {
        if (prompt.step === 'enter-pin') void terminal.cancel();
      },
    });
    const error = await rejection(terminal.changePin());
    expect(error.code).toBe('TERMINAL_BUSY');
    expect((await first).errorCode).toBe('CANCELLED_BY_OFFICER');
  });

  it('is not ok when AusweisApp does not run, and does not throw', async () => {
    const port = await freePort();
    const health = await createAusweisAppChangeTerminal({ url: `ws://127.0.0.1:${port}/eID-Kernel` }).health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('AusweisApp nicht bereit');
  });
});
