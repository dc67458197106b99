import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { startAusweisAppSimulator, type AusweisAppSimulator } from './ausweisapp/simulator.ts';
import { changeTerminalFromUrl } from './change-terminal-from-url.ts';

const fixed = () => new Date('2026-12-03T10:00:00Z');

let simulator: AusweisAppSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

function configError(url: string): AppError {
  try {
    changeTerminalFromUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`"${url}" was accepted`);
}

describe('changeTerminalFromUrl', () => {
  it('builds the simulator, which changes addresses and PINs and answers health', async () => {
    const terminal = changeTerminalFromUrl(' simulator ', { now: fixed });
    expect(await terminal.health()).toMatchObject({ device: 'changeTerminal', driver: 'simulator', ok: true });
    const result = await terminal.changeAddress({ documentNumber: 'L01X00T47', address: { street: 'Hauptstraße', houseNumber: '1', postcode: '44787', city: 'Bochum', wohnortId: '05911000000000' } });
    expect(result.ok).toBe(true);
    const prompts: string[] = [];
    const changed = await terminal.changePin?.({ documentNumber: 'L01X00T47', onPrompt: (prompt) => prompts.push(prompt.step) });
    expect(changed).toMatchObject({ ok: true, retryCounter: 3 });
    expect(prompts).toEqual(['insert-card', 'enter-pin', 'enter-new-pin']);
  });

  it('connects ausweisapp://host:port to the SDK WebSocket at /eID-Kernel', async () => {
    simulator = await startAusweisAppSimulator({ pad: [{ type: 'type', digits: '123456' }, { type: 'type', digits: '654321' }] });
    const terminal = changeTerminalFromUrl(`ausweisapp://127.0.0.1:${simulator.port}`, { now: fixed });
    expect(await terminal.health()).toMatchObject({ driver: 'ausweisapp', ok: true });
    expect((await terminal.changePin?.({}))?.ok).toBe(true);
    expect(simulator.connections).toBe(2);
  });

  it('refuses, with the form to write, a host other than the notebook itself, another scheme and garbage', () => {
    expect(configError('ausweisapp://192.168.8.20:24727').message).toContain('ausweisapp://127.0.0.1:24727');
    expect(configError('ws://127.0.0.1:24727/eID-Kernel').code).toBe('CHANGE_TERMINAL_CONFIG_INVALID');
    expect(configError('pin pad please').message).toContain('simulator');
  });
});
