import { AppError } from '../platform/errors.ts';
import { createAusweisAppChangeTerminal, type AusweisAppChangeTerminalOptions } from './ausweisapp/change-terminal.ts';
import { simulatedChangeTerminal } from './simulator-health.ts';
import type { ChangeTerminal, HealthCheck } from './types.ts';

/**
 * The kit's Änderungsterminal from one configuration value:
 * - `ausweisapp://127.0.0.1:24727[/eID-Kernel]`: a headless AusweisApp's SDK WebSocket with a
 *   comfort reader (PIN change only; the other operations are refused with the route to take)
 * - `simulator`: the change-terminal simulator, no hardware (all operations, the PIN change too)
 */
export type ConfiguredChangeTerminal = ChangeTerminal & HealthCheck;

export type ChangeTerminalFromUrlOptions = Omit<AusweisAppChangeTerminalOptions, 'url'>;

const forms = 'ausweisapp://127.0.0.1:24727 or simulator';
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function changeTerminalFromUrl(url: string, options: ChangeTerminalFromUrlOptions = {}): ConfiguredChangeTerminal {
  const value = url.trim();
  const now = options.now ?? (() => new Date());
  if (value === 'simulator') return simulatedChangeTerminal(now);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AppError('CHANGE_TERMINAL_CONFIG_INVALID', `The change terminal setting "${url}" is not one of ${forms}.`, 400);
  }
  if (parsed.protocol !== 'ausweisapp:') {
    throw new AppError('CHANGE_TERMINAL_CONFIG_INVALID', `The change terminal setting "${url}" has an unknown scheme ${parsed.protocol}; use ${forms}.`, 400);
  }
  if (!loopback.has(parsed.hostname)) {
    throw new AppError('CHANGE_TERMINAL_CONFIG_INVALID',
      `The change terminal setting "${url}" names the host "${parsed.hostname}": AusweisApp's SDK WebSocket listens on the kit notebook itself only; write ausweisapp://127.0.0.1:24727.`, 400);
  }
  const path = parsed.pathname === '' || parsed.pathname === '/' ? '/eID-Kernel' : parsed.pathname;
  return createAusweisAppChangeTerminal({ ...options, now, url: `ws://${parsed.hostname}:${parsed.port || '24727'}${path}` });
}
