import WebSocket from 'ws';
import { AppError } from '../../platform/errors.ts';
import { parseSdkMessage, type SdkCommand, type SdkMessage } from './protocol.ts';

/**
 * One connection to the AusweisApp SDK WebSocket. AusweisApp accepts a single client at a time
 * (429 for a second one, 409 while its own window runs a workflow, 503 with the SDK switched off:
 * docs/sdk/desktop.rst), so the adapter opens a session per operation and closes it after.
 */
export type SessionEvent = { kind: 'message'; message: SdkMessage } | { kind: 'closed' } | { kind: 'timeout' };

export interface OpenSessionOptions {
  url: string;
  connectTimeoutMs: number;
  /** AusweisApp shows it to the user as the program that uses it (desktop.rst asks for one). */
  userAgent: string;
}

export class SdkSession {
  private readonly queue: SessionEvent[] = [];
  private waiter: ((event: SessionEvent) => void) | null = null;
  private closed = false;
  /** Every command sent, as sent (for tests and the log: the type carries no PIN). */
  readonly sent: SdkCommand[] = [];

  private readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: SdkMessage;
      try {
        message = parseSdkMessage(data.toString());
      } catch {
        message = { msg: 'OTHER', name: 'UNPARSABLE' };
      }
      this.push({ kind: 'message', message });
    });
    socket.on('close', () => {
      this.closed = true;
      this.push({ kind: 'closed' });
    });
    socket.on('error', () => {
      // 'close' follows; the event is what the workflow reacts to.
    });
  }

  static open(options: OpenSessionOptions): Promise<SdkSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(options.url, { headers: { 'User-Agent': options.userAgent }, handshakeTimeout: options.connectTimeoutMs });
      let settled = false;
      const fail = (error: AppError) => {
        if (settled) return;
        settled = true;
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.terminate();
        reject(error);
      };
      socket.once('open', () => {
        if (settled) return;
        settled = true;
        socket.removeAllListeners();
        resolve(new SdkSession(socket));
      });
      socket.once('unexpected-response', (_request, response) => {
        response.resume();
        fail(handshakeRefused(options.url, response.statusCode ?? 0));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => fail(unreachable(options.url, error)));
    });
  }

  send(command: SdkCommand): void {
    if (this.closed) return;
    this.sent.push(command);
    this.socket.send(JSON.stringify(command));
  }

  /** The next message, or closed, or timeout after `timeoutMs`. */
  next(timeoutMs: number): Promise<SessionEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve({ kind: 'timeout' });
      }, Math.max(0, timeoutMs));
      this.waiter = (event) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(event);
      };
    });
  }

  /** Waits for the first message of one kind, skipping the notifications in between (READER, STATUS, …). */
  async expect<M extends SdkMessage['msg']>(name: M, timeoutMs: number): Promise<Extract<SdkMessage, { msg: M }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await this.next(deadline - Date.now());
      if (event.kind === 'timeout') {
        throw new AppError('AUSWEISAPP_NO_ANSWER', `AusweisApp did not answer with ${name} within ${timeoutMs} ms; restart AusweisApp on the kit.`, 504);
      }
      if (event.kind === 'closed') {
        throw new AppError('AUSWEISAPP_CONNECTION_LOST', `AusweisApp closed the connection before it answered with ${name}; check that it still runs.`, 502);
      }
      if (event.message.msg === name) return event.message as Extract<SdkMessage, { msg: M }>;
      if (event.message.msg === 'BAD_STATE' || event.message.msg === 'INVALID' || event.message.msg === 'UNKNOWN_COMMAND' || event.message.msg === 'INTERNAL_ERROR') {
        throw new AppError('AUSWEISAPP_REFUSED', `AusweisApp answered ${event.message.msg} (${event.message.error ?? 'no detail'}) instead of ${name}.`, 502);
      }
    }
  }

  /**
   * Closes the connection and resolves once it is closed: AusweisApp takes the next client only
   * after that (a new session opened earlier gets 429).
   */
  close(timeoutMs = 1000): Promise<void> {
    this.closed = true;
    this.socket.removeAllListeners('message');
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.socket.readyState !== WebSocket.CLOSING) this.socket.close(1000);
    });
  }

  private push(event: SessionEvent): void {
    if (this.waiter) this.waiter(event);
    else this.queue.push(event);
  }
}

function unreachable(url: string, error: NodeJS.ErrnoException): AppError {
  if (error.code === 'ECONNREFUSED') {
    return new AppError('AUSWEISAPP_UNREACHABLE',
      `AusweisApp is not running at ${url} (connection refused). Start it on the kit notebook (headless: AusweisApp --ui websocket) and check that its SDK WebSocket listens on port 24727.`, 503);
  }
  return new AppError('AUSWEISAPP_UNREACHABLE', `AusweisApp cannot be reached at ${url}: ${error.code ?? error.message}. Check that it runs on the kit notebook.`, 503);
}

function handshakeRefused(url: string, status: number): AppError {
  switch (status) {
    case 409:
      return new AppError('AUSWEISAPP_BUSY', 'AusweisApp is running a workflow in its own window; finish or cancel it there, then try again.', 409);
    case 429:
      return new AppError('AUSWEISAPP_BUSY', 'Another program is connected to the AusweisApp SDK (only one connection is allowed); close it, then try again.', 409, { httpStatus: 429 });
    case 503:
      return new AppError('AUSWEISAPP_SDK_DISABLED', 'AusweisApp runs but its SDK WebSocket is switched off; start it with --ui websocket.', 503);
    default:
      return new AppError('AUSWEISAPP_UNREACHABLE', `AusweisApp refused the WebSocket at ${url} with HTTP ${status}; check the address (ws://127.0.0.1:24727/eID-Kernel).`, 503);
  }
}
