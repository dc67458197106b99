import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * An AusweisApp SDK on loopback for development and tests: a real HTTP server with the SDK's
 * WebSocket at /eID-Kernel that speaks its JSON protocol (Governikus AusweisApp docs/sdk:
 * commands, messages, failure codes) for the change-PIN workflow: GET_INFO, GET/SET_API_LEVEL,
 * GET_READER(_LIST), RUN_CHANGE_PIN with INSERT_CARD, ENTER_PIN / ENTER_CAN / ENTER_PUK /
 * ENTER_NEW_PIN, READER notices, CANCEL, CHANGE_PIN with success or a failure reason, BAD_STATE.
 * One client at a time (a second gets HTTP 429), 503 when the SDK is "switched off".
 *
 * Readers are scripted: with a keypad the simulator ignores the socket for secrets and takes what
 * the holder does on the pad from `holder(...)` actions (type digits, cancel, let it time out, take
 * the card away, mistype the confirmation). Without a keypad it takes SET_PIN's `value` like the
 * real SDK, so a test can show what a basic reader would put on the wire. Every frame in both
 * directions is kept in `frames`.
 */
export type PadAction =
  /** Digits typed on the pad: the PIN, CAN or PUK asked for, or the new PIN (typed twice alike). */
  | { type: 'type'; digits: string }
  /** The repetition of the new PIN differs. */
  | { type: 'mismatch' }
  | { type: 'cancel' }
  | { type: 'timeout' }
  | { type: 'remove-card' };

export interface SimulatedEidCard {
  pin: string;
  can?: string;
  puk?: string;
  /** 3 by default. */
  retryCounter?: number;
  deactivated?: boolean;
  inoperative?: boolean;
}

export interface SimulatedReader {
  name: string;
  keypad: boolean;
  /** true by default. */
  attached?: boolean;
  card?: SimulatedEidCard | null;
}

export interface AusweisAppSimulatorOptions {
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** One comfort reader with a card (PIN 123456) by default. */
  readers?: SimulatedReader[];
  /** What the holder does on the pad, in order; more can come later through holder(). */
  pad?: PadAction[];
  version?: string;
  apiLevels?: number[];
  /** Answer every WebSocket upgrade with 503, like an AusweisApp whose SDK is off. */
  websocketDisabled?: boolean;
}

export interface Frame {
  /** 'in': from the client (commands); 'out': from the simulator (messages). */
  direction: 'in' | 'out';
  text: string;
}

export interface AusweisAppSimulator {
  /** ws://host:port/eID-Kernel */
  url: string;
  port: number;
  readonly frames: readonly Frame[];
  /** The holder acts on the pad (or takes the card); handled as soon as the pad is asked. */
  holder(action: PadAction): void;
  insertCard(readerName: string, card: SimulatedEidCard): void;
  removeCard(readerName: string): void;
  /** The card's state now (for tests: the PIN the holder set, the retry counter). */
  card(readerName: string): Readonly<Required<Pick<SimulatedEidCard, 'pin' | 'retryCounter'>>> | null;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

type Prompt = 'ENTER_PIN' | 'ENTER_CAN' | 'ENTER_PUK' | 'ENTER_NEW_PIN';

interface ReaderState {
  name: string;
  keypad: boolean;
  attached: boolean;
  card: Required<Omit<SimulatedEidCard, 'inoperative' | 'deactivated'>> & { deactivated: boolean; inoperative: boolean } | null;
}

const setCommands: Record<string, Prompt> = { SET_PIN: 'ENTER_PIN', SET_CAN: 'ENTER_CAN', SET_PUK: 'ENTER_PUK', SET_NEW_PIN: 'ENTER_NEW_PIN' };

function cardState(card: SimulatedEidCard) {
  return {
    pin: card.pin, can: card.can ?? '654321', puk: card.puk ?? '1234567890',
    retryCounter: card.retryCounter ?? 3, deactivated: card.deactivated ?? false, inoperative: card.inoperative ?? false,
  };
}

export async function startAusweisAppSimulator(options: AusweisAppSimulatorOptions = {}): Promise<AusweisAppSimulator> {
  const readers: ReaderState[] = (options.readers ?? [{ name: 'REINER SCT cyberJack RFID komfort', keypad: true, card: { pin: '123456' } }]).map((reader) => ({
    name: reader.name, keypad: reader.keypad, attached: reader.attached ?? true, card: reader.card ? cardState(reader.card) : null,
  }));
  const available = options.apiLevels ?? [1, 2, 3];
  const frames: Frame[] = [];
  const padQueue: PadAction[] = [...(options.pad ?? [])];
  let apiLevel = Math.max(...available);
  let client: WebSocket | null = null;
  let connections = 0;
  let workflow: { prompt: Prompt | null; reader: ReaderState | null; waitingForPad: boolean; waitingForCard: boolean } | null = null;

  const send = (message: Record<string, unknown>) => {
    const text = JSON.stringify(message);
    frames.push({ direction: 'out', text });
    client?.send(text);
  };

  const readerJson = (reader: ReaderState) => ({
    name: reader.name, insertable: false, attached: reader.attached,
    ...(reader.attached ? { keypad: reader.keypad } : {}),
    card: reader.card ? { inoperative: reader.card.inoperative, deactivated: reader.card.deactivated, retryCounter: reader.card.retryCounter } : null,
  });

  const end = (success: boolean, reason?: string) => {
    workflow = null;
    send({ msg: 'CHANGE_PIN', success, ...(reason ? { reason } : {}) });
  };

  const ask = (prompt: Prompt, error?: string) => {
    if (!workflow || !workflow.reader) return;
    workflow.prompt = prompt;
    send({ msg: prompt, ...(error ? { error } : {}), reader: readerJson(workflow.reader) });
  };

  /** The prompt the card's state calls for at the start of the PACE step. */
  const askForPassword = () => {
    const card = workflow?.reader?.card;
    if (!card) return;
    if (card.retryCounter === 0) ask('ENTER_PUK');
    else if (card.retryCounter === 1) ask('ENTER_CAN');
    else ask('ENTER_PIN');
  };

  const selectCard = () => {
    if (!workflow) return;
    const reader = readers.find((candidate) => candidate.attached && candidate.card && !candidate.card.deactivated);
    if (!reader) {
      workflow.waitingForCard = true;
      // A card with the eID function off is announced and the workflow waits for another (messages.rst, READER).
      const deactivated = readers.find((candidate) => candidate.attached && candidate.card?.deactivated);
      if (deactivated) send({ msg: 'READER', ...readerJson(deactivated) });
      else send({ msg: 'INSERT_CARD' });
      return;
    }
    workflow.waitingForCard = false;
    workflow.reader = reader;
    askForPassword();
  };

  /** The holder's entry (from the pad, or SET_*'s value on a basic reader) for the current prompt. */
  const enter = (digits: string) => {
    if (!workflow?.reader?.card || !workflow.prompt) return;
    const card = workflow.reader.card;
    switch (workflow.prompt) {
      case 'ENTER_PIN':
        if (digits === card.pin) {
          card.retryCounter = 3;
          if (apiLevel >= 2) send({ msg: 'STATUS', workflow: 'CHANGE_PIN', progress: 50, state: 'ENTER_NEW_PIN' });
          ask('ENTER_NEW_PIN');
        } else {
          card.retryCounter = Math.max(0, card.retryCounter - 1);
          askForPassword();
        }
        break;
      case 'ENTER_CAN':
        if (digits === card.can) ask('ENTER_PIN');
        else ask('ENTER_CAN');
        break;
      case 'ENTER_PUK':
        if (card.inoperative) end(false, 'Establish_Pace_Channel_Puk_Inoperative');
        else if (digits === card.puk) {
          card.retryCounter = 3;
          ask('ENTER_PIN');
        } else ask('ENTER_PUK');
        break;
      case 'ENTER_NEW_PIN':
        if (!/^\d{6}$/.test(digits)) {
          if (workflow.reader.keypad) end(false, 'Change_Pin_New_Pin_Invalid_Length');
          else ask('ENTER_NEW_PIN', 'You must provide 6 digits');
          break;
        }
        card.pin = digits;
        end(true);
        break;
    }
  };

  const drainPad = () => {
    while (workflow?.waitingForPad && padQueue.length > 0) {
      const action = padQueue.shift()!;
      workflow.waitingForPad = false;
      const atNewPin = workflow.prompt === 'ENTER_NEW_PIN';
      switch (action.type) {
        case 'type':
          enter(action.digits);
          break;
        case 'mismatch':
          if (atNewPin) end(false, 'Change_Pin_New_Pin_Mismatch');
          else enter('');
          break;
        case 'cancel':
          end(false, atNewPin ? 'Change_Pin_User_Cancelled' : 'Establish_Pace_Channel_User_Cancelled');
          break;
        case 'timeout':
          end(false, 'Change_Pin_Input_Timeout');
          break;
        case 'remove-card': {
          const reader = workflow.reader!;
          reader.card = null;
          send({ msg: 'READER', ...readerJson(reader) });
          end(false, 'Card_Removed');
          break;
        }
      }
    }
  };

  const handle = (text: string) => {
    frames.push({ direction: 'in', text });
    let command: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      command = parsed as Record<string, unknown>;
    } catch (error) {
      send({ msg: 'INVALID', error: error instanceof Error ? error.message : 'broken JSON' });
      return;
    }
    const name = typeof command.cmd === 'string' ? command.cmd : '';
    switch (name) {
      case 'GET_INFO':
        send({
          msg: 'INFO',
          VersionInfo: {
            Name: 'AusweisApp2', 'Implementation-Title': 'AusweisApp2', 'Implementation-Vendor': 'Governikus GmbH & Co. KG',
            'Implementation-Version': options.version ?? '2.2.0', 'Specification-Title': 'TR-03124-1',
            'Specification-Vendor': 'Federal Office for Information Security', 'Specification-Version': '1.4',
          },
        });
        return;
      case 'GET_API_LEVEL':
        send({ msg: 'API_LEVEL', available, current: apiLevel });
        return;
      case 'SET_API_LEVEL': {
        const level = command.level;
        if (typeof level === 'number' && available.includes(level)) {
          apiLevel = level;
          send({ msg: 'API_LEVEL', available, current: apiLevel });
        } else send({ msg: 'API_LEVEL', error: 'Invalid level', available, current: apiLevel });
        return;
      }
      case 'GET_READER_LIST':
        send({ msg: 'READER_LIST', [apiLevel >= 2 ? 'readers' : 'reader']: readers.map(readerJson) });
        return;
      case 'GET_READER': {
        const reader = readers.find((candidate) => candidate.name === command.name);
        send({ msg: 'READER', ...(reader ? readerJson(reader) : { name: command.name, attached: false, card: null }) });
        return;
      }
      case 'RUN_CHANGE_PIN':
        if (workflow) {
          send({ msg: 'BAD_STATE', error: name });
          return;
        }
        workflow = { prompt: null, reader: null, waitingForPad: false, waitingForCard: false };
        send({ msg: 'CHANGE_PIN' });
        if (apiLevel >= 2) send({ msg: 'STATUS', workflow: 'CHANGE_PIN', progress: 0, state: null });
        selectCard();
        return;
      case 'RUN_AUTH':
        send({ msg: 'AUTH', error: 'RUN_AUTH is not simulated' });
        return;
      case 'CANCEL':
        if (!workflow) send({ msg: 'BAD_STATE', error: name });
        else end(false, 'User_Cancelled');
        return;
      case 'SET_PIN':
      case 'SET_CAN':
      case 'SET_PUK':
      case 'SET_NEW_PIN': {
        const expected = setCommands[name]!;
        if (!workflow || workflow.prompt !== expected || workflow.waitingForPad) {
          send({ msg: 'BAD_STATE', error: name });
          return;
        }
        const reader = workflow.reader!;
        if (reader.keypad) {
          if ('value' in command) {
            ask(expected, 'Value must be omitted for a reader with keypad');
            return;
          }
          workflow.waitingForPad = true;
          drainPad();
          return;
        }
        if (typeof command.value !== 'string') {
          ask(expected, 'Value cannot be undefined');
          return;
        }
        enter(command.value);
        return;
      }
      default:
        send({ msg: 'UNKNOWN_COMMAND', error: name });
    }
  };

  const server = http.createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ noServer: true });
  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/eID-Kernel') return refuse(socket, 404, 'Not Found');
    if (options.websocketDisabled) return refuse(socket, 503, 'Service Unavailable');
    if (client) return refuse(socket, 429, 'Too Many Requests');
    sockets.handleUpgrade(request, socket, head, (ws) => {
      client = ws;
      connections += 1;
      ws.on('message', (data, isBinary) => {
        if (!isBinary) handle(data.toString());
      });
      ws.on('close', () => {
        if (client === ws) {
          client = null;
          // The SDK cancels a workflow whose client went away (failurecodes: User_Cancelled).
          workflow = null;
        }
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';

  const readerNamed = (name: string) => {
    const reader = readers.find((candidate) => candidate.name === name);
    if (!reader) throw new Error(`The simulator has no reader "${name}".`);
    return reader;
  };

  return {
    url: `ws://${host}:${address.port}/eID-Kernel`,
    port: address.port,
    frames,
    get connections() {
      return connections;
    },
    holder(action) {
      padQueue.push(action);
      drainPad();
    },
    insertCard(readerName, card) {
      const reader = readerNamed(readerName);
      reader.card = cardState(card);
      send({ msg: 'READER', ...readerJson(reader) });
      if (workflow?.waitingForCard) selectCard();
    },
    removeCard(readerName) {
      const reader = readerNamed(readerName);
      reader.card = null;
      send({ msg: 'READER', ...readerJson(reader) });
      if (workflow?.reader === reader) end(false, 'Card_Removed');
    },
    card(readerName) {
      const card = readerNamed(readerName).card;
      return card ? { pin: card.pin, retryCounter: card.retryCounter } : null;
    },
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
