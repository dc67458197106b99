import type { Config } from '../../platform/config.ts';
import { FileDropTransport } from './file-drop.ts';
import type { Transport } from './transport.ts';

export type { OutgoingFile, Transport } from './transport.ts';
export { FileDropTransport } from './file-drop.ts';

/** The transport the configuration names (OUTBOX_TRANSPORT); new transports are added here. */
export function createTransport(config: Pick<Config, 'outboxTransport' | 'outboxDir'>): Transport {
  switch (config.outboxTransport) {
    case 'file_drop': return new FileDropTransport(config.outboxDir);
  }
}
