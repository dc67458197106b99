import type { Socket } from 'node:net';
import { type Apdu, encodeApdu, readApdu } from './codec.ts';

/** The connection ended (closed by the peer, reset, or a socket error). */
export class LinkClosedError extends Error {
  constructor(message = 'connection closed') {
    super(message);
    this.name = 'LinkClosedError';
  }
}

/** Nothing arrived within the time allowed. */
export class LinkTimeoutError extends Error {
  readonly waitedMs: number;
  constructor(waitedMs: number) {
    super(`nothing received within ${waitedMs} ms`);
    this.waitedMs = waitedMs;
    this.name = 'LinkTimeoutError';
  }
}

/**
 * One TCP connection carrying ZVT APDUs, used by both sides (the ECR client and the terminal
 * simulator): splits the byte stream into APDUs and hands them out one by one.
 */
export class ZvtLink {
  private buffer = new Uint8Array(0);
  private readonly queue: Apdu[] = [];
  private waiter: { resolve: (apdu: Apdu) => void; reject: (error: Error) => void; timer: NodeJS.Timeout | undefined } | null = null;
  private ended: Error | null = null;

  readonly socket: Socket;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.end(new LinkClosedError(error.message)));
    socket.on('close', () => this.end(new LinkClosedError()));
  }

  get closed(): boolean {
    return this.ended !== null;
  }

  send(apdu: Apdu): void {
    if (this.ended) throw this.ended;
    this.socket.write(encodeApdu(apdu));
  }

  /** The next APDU; rejects with LinkTimeoutError after timeoutMs (none: wait forever) or LinkClosedError. */
  next(timeoutMs?: number): Promise<Apdu> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.ended);
    if (this.waiter) return Promise.reject(new Error('ZvtLink.next() is already waiting'));
    return new Promise<Apdu>((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.waiter = null;
        reject(new LinkTimeoutError(timeoutMs));
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  /** Ends the connection gracefully (FIN). */
  close(): void {
    if (!this.socket.destroyed) this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  /** Drops the connection at once (RST), like a terminal losing power. */
  drop(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }

  private receive(chunk: Buffer): void {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    for (;;) {
      const read = readApdu(this.buffer);
      if (!read) break;
      this.buffer = this.buffer.slice(read.size);
      this.deliver(read.apdu);
    }
  }

  private deliver(apdu: Apdu): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.resolve(apdu);
    } else {
      this.queue.push(apdu);
    }
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = error;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
