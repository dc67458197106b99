import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startAusweisAppSimulator, type AusweisAppSimulator, type AusweisAppSimulatorOptions } from './simulator.ts';

/*
 * The simulator against a bare WebSocket client, message by message as in the SDK docs
 * (docs/sdk/workflow.rst, commands.rst): so the adapter's tests run against the protocol.
 */
let simulator: AusweisAppSimulator | undefined;
let clients: WebSocket[] = [];
afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await simulator?.close();
  simulator = undefined;
});

async function connect(options: AusweisAppSimulatorOptions = {}) {
  simulator = await startAusweisAppSimulator(options);
  const client = new WebSocket(simulator.url);
  clients.push(client);
  const inbox: Record<string, unknown>[] = [];
  let notify: (() => void) | null = null;
  client.on('message', (data) => {
    inbox.push(JSON.parse(data.toString()) as Record<string, unknown>);
    notify?.();
  });
  await new Promise((resolve) => client.once('open', resolve));
  const next = async (): Promise<Record<string, unknown>> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => { notify = resolve; });
    return inbox.shift()!;
  };
  const send = (command: Record<string, unknown>) => client.send(JSON.stringify(command));
  return { sim: simulator, next, send };
}

const keypadReader = { name: 'Komfort', keypad: true, card: { pin: '123456' } };
const basicReader = { name: 'Basis', keypad: false, card: { pin: '123456' } };

describe('AusweisApp SDK simulator', () => {
  it('runs a PIN change on a basic reader with the values on the wire, as the real SDK would', async () => {
    const { sim, next, send } = await connect({ readers: [basicReader] });
    send({ cmd: 'RUN_CHANGE_PIN' });
    expect(await next()).toEqual({ msg: 'CHANGE_PIN' });
    expect(await next()).toMatchObject({ msg: 'STATUS', workflow: 'CHANGE_PIN' });
    expect(await next()).toEqual({ msg: 'ENTER_PIN', reader: { name: 'Basis', insertable: false, attached: true, keypad: false, card: { inoperative: false, deactivated: false, retryCounter: 3 } } });
    send({ cmd: 'SET_PIN', value: '000000' });
    expect(await next()).toMatchObject({ msg: 'ENTER_PIN', reader: { card: { retryCounter: 2 } } });
    send({ cmd: 'SET_PIN', value: '123456' });
    expect(await next()).toMatchObject({ msg: 'STATUS' });
    expect(await next()).toMatchObject({ msg: 'ENTER_NEW_PIN' });
    send({ cmd: 'SET_NEW_PIN', value: '12345' });
    expect(await next()).toMatchObject({ msg: 'ENTER_NEW_PIN', error: 'You must provide 6 digits' });
    send({ cmd: 'SET_NEW_PIN', value: '999999' });
    expect(await next()).toEqual({ msg: 'CHANGE_PIN', success: true });
    expect(sim.card('Basis')).toEqual({ pin: '999999', retryCounter: 3 });
  });

  it('refuses a value for a keypad reader and takes the entry from the pad', async () => {
    const { sim, next, send } = await connect({ readers: [keypadReader] });
    send({ cmd: 'RUN_CHANGE_PIN' });
    await next();
    await next();
    expect(await next()).toMatchObject({ msg: 'ENTER_PIN', reader: { keypad: true } });
    send({ cmd: 'SET_PIN', value: '123456' });
    expect(await next()).toMatchObject({ msg: 'ENTER_PIN', error: expect.stringContaining('keypad') });
    expect(sim.card('Komfort')?.retryCounter).toBe(3);
    send({ cmd: 'SET_PIN' });
    sim.holder({ type: 'type', digits: '123456' });
    expect(await next()).toMatchObject({ msg: 'STATUS' });
    expect(await next()).toMatchObject({ msg: 'ENTER_NEW_PIN' });
  });

  it('walks the retry counter down to CAN and PUK', async () => {
    const { next, send } = await connect({ readers: [{ name: 'Basis', keypad: false, card: { pin: '123456', can: '111222', retryCounter: 2 } }] });
    send({ cmd: 'RUN_CHANGE_PIN' });
    await next();
    await next();
    await next();
    send({ cmd: 'SET_PIN', value: '000000' });
    expect(await next()).toMatchObject({ msg: 'ENTER_CAN', reader: { card: { retryCounter: 1 } } });
    send({ cmd: 'SET_CAN', value: '111222' });
    expect(await next()).toMatchObject({ msg: 'ENTER_PIN', reader: { card: { retryCounter: 1 } } });
    send({ cmd: 'SET_PIN', value: '000000' });
    expect(await next()).toMatchObject({ msg: 'ENTER_PUK', reader: { card: { retryCounter: 0 } } });
    send({ cmd: 'CANCEL' });
    expect(await next()).toEqual({ msg: 'CHANGE_PIN', success: false, reason: 'User_Cancelled' });
  });

  it('answers commands out of turn with BAD_STATE and unknown ones with UNKNOWN_COMMAND', async () => {
    const { next, send } = await connect();
    send({ cmd: 'SET_PIN' });
    expect(await next()).toEqual({ msg: 'BAD_STATE', error: 'SET_PIN' });
    send({ cmd: 'CANCEL' });
    expect(await next()).toEqual({ msg: 'BAD_STATE', error: 'CANCEL' });
    send({ cmd: 'get_INFo' });
    expect(await next()).toEqual({ msg: 'UNKNOWN_COMMAND', error: 'get_INFo' });
  });

  it('lists readers as "readers" from API level 2 and as "reader" on level 1', async () => {
    const { next, send } = await connect({ readers: [keypadReader, { name: 'Weg', keypad: true, attached: false }] });
    send({ cmd: 'SET_API_LEVEL', level: 1 });
    expect(await next()).toMatchObject({ msg: 'API_LEVEL', current: 1 });
    send({ cmd: 'GET_READER_LIST' });
    const level1 = await next();
    expect(level1).toHaveProperty('reader');
    send({ cmd: 'SET_API_LEVEL', level: 2 });
    await next();
    send({ cmd: 'GET_READER_LIST' });
    const level2 = await next();
    expect(level2).toMatchObject({ msg: 'READER_LIST', readers: [{ name: 'Komfort', keypad: true }, { name: 'Weg', attached: false, card: null }] });
    // keypad is only reported for an attached reader (messages.rst, READER).
    expect((level2.readers as Record<string, unknown>[])[1]).not.toHaveProperty('keypad');
  });

  it('takes one client at a time and serves only /eID-Kernel', async () => {
    const { sim } = await connect();
    const status = (url: string) => new Promise<number>((resolve) => {
      const other = new WebSocket(url);
      other.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      other.on('open', () => {
        other.close();
        resolve(101);
      });
    });
    expect(await status(sim.url)).toBe(429);
    expect(await status(sim.url.replace('/eID-Kernel', '/other'))).toBe(404);
  });
});
