/**
 * A TCP proxy on loopback that behaves like a weak mobile link between the kit and the Rathaus:
 * a bandwidth limit per direction (shared by all connections, as one radio link is), a one-way
 * latency on every byte and on the connection handshake, and injected drops — the connection in
 * use is cut after a number of bytes drawn from a seeded schedule, so the same --seed cuts at the
 * same places. It counts the bytes that went onto the link in each direction (TCP payload: HTTP
 * headers and bodies; TCP/IP headers are not counted) and the bytes that were lost in a cut.
 *
 * Without a rate, latency and drops it is a plain counting pipe: the baseline "direct" link.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface LinkOptions {
  /** Kit → Rathaus; null: unlimited. */
  upBitsPerSecond: number | null;
  /** Rathaus → kit; null: unlimited. */
  downBitsPerSecond: number | null;
  /** One way, added to every byte and to the TCP handshake (one round trip). */
  latencyMs: number;
  /** Mean number of cuts per MiB crossing the link (both directions together); 0: none. */
  dropsPerMiB: number;
  seed: number;
}

export interface LinkStats {
  /** Bytes put onto the link kit → Rathaus (including those lost in a cut). */
  upBytes: number;
  downBytes: number;
  /** Bytes that were on the link when a cut happened and never arrived. */
  lostBytes: number;
  drops: number;
  connections: number;
}

type Rng = () => number;
export function mulberry32(state: number): Rng {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One direction of the radio link: a single serialiser shared by every connection. */
class Lane {
  busyUntil = 0;
  readonly bitsPerSecond: number | null;
  constructor(bitsPerSecond: number | null) {
    this.bitsPerSecond = bitsPerSecond;
  }

  /** When a slice of this many bytes, offered now, has left the sender. */
  reserve(bytes: number, now: number): number {
    if (this.bitsPerSecond === null) return now;
    const start = Math.max(now, this.busyUntil);
    this.busyUntil = start + (bytes * 8 * 1000) / this.bitsPerSecond;
    return this.busyUntil;
  }

  /** Gives back the time reserved for bytes that will not be sent after all (their connection was cut). */
  release(bytes: number, now: number): void {
    if (this.bitsPerSecond === null) return;
    this.busyUntil = Math.max(now, this.busyUntil - (bytes * 8 * 1000) / this.bitsPerSecond);
  }
}

/** The link is fed in slices of at most this size, so throttling and cuts are smooth. */
const sliceBytes = 8 * 1024;
/** Bytes a connection may have queued on the link before its sender is paused (like a TCP window). */
const windowBytes = 64 * 1024;

const mib = 1024 * 1024;

export class LossyLink {
  readonly stats: LinkStats = { upBytes: 0, downBytes: 0, lostBytes: 0, drops: 0, connections: 0 };
  private readonly server: Server;
  private readonly up: Lane;
  private readonly down: Lane;
  private readonly rng: Rng;
  private readonly sockets = new Set<Socket>();
  private linkBytes = 0;
  private nextDropAt: number;
  private readonly shaped: boolean;
  private readonly target: { host: string; port: number };
  private readonly options: LinkOptions;

  constructor(target: { host: string; port: number }, options: LinkOptions) {
    this.target = target;
    this.options = options;
    this.up = new Lane(options.upBitsPerSecond);
    this.down = new Lane(options.downBitsPerSecond);
    this.rng = mulberry32(options.seed);
    this.nextDropAt = this.drawGap();
    this.shaped = options.upBitsPerSecond !== null || options.downBitsPerSecond !== null || options.latencyMs > 0 || options.dropsPerMiB > 0;
    // Half-open: a side that finished sending may still receive; each end travels on its own.
    this.server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  }

  /** Exponentially distributed distance to the next cut, in link bytes. */
  private drawGap(): number {
    if (this.options.dropsPerMiB <= 0) return Number.POSITIVE_INFINITY;
    return this.linkBytes + Math.max(1, Math.round((-Math.log(1 - this.rng()) * mib) / this.options.dropsPerMiB));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address !== 'object') throw new Error('The lossy link did not get a port.');
    return address.port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private accept(client: Socket): void {
    this.stats.connections += 1;
    this.track(client);
    client.setNoDelay(true);
    client.pause();
    let cut = false;
    const connection = { cut: () => {
      if (cut) return;
      cut = true;
      client.destroy();
      upstream.destroy();
    }, isCut: () => cut };
    const upstream = connect({ ...this.target, noDelay: true, allowHalfOpen: true });
    this.track(upstream);
    upstream.pause();
    if (!this.shaped) {
      client.on('data', (chunk: Buffer) => { this.stats.upBytes += chunk.byteLength; });
      upstream.on('data', (chunk: Buffer) => { this.stats.downBytes += chunk.byteLength; });
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', (hadError) => { if (hadError) upstream.destroy(); });
      upstream.on('close', (hadError) => { if (hadError) client.destroy(); });
      return;
    }
    this.pump(client, upstream, this.up, 'upBytes', connection);
    this.pump(upstream, client, this.down, 'downBytes', connection);
    client.on('close', (hadError) => { if (hadError) connection.cut(); });
    upstream.on('close', (hadError) => { if (hadError) connection.cut(); });
    // The TCP handshake costs one round trip before the first byte can go.
    const handshake = () => setTimeout(() => { if (!cut) { client.resume(); upstream.resume(); } }, 2 * this.options.latencyMs);
    if (upstream.connecting) upstream.once('connect', handshake);
    else handshake();
  }

  /**
   * One direction of one connection. Slices wait in a FIFO for their turn on the lane and then
   * travel the latency; one timer at a time per stage keeps the bytes in order whatever the
   * timers' granularity.
   */
  private pump(from: Socket, to: Socket, lane: Lane, counter: 'upBytes' | 'downBytes', connection: { cut: () => void; isCut: () => boolean }): void {
    const waiting: { slice: Buffer; sentAt: number }[] = [];
    const travelling: { slice: Buffer; arrivesAt: number }[] = [];
    let queued = 0;
    let ended = false;
    let sending: NodeJS.Timeout | null = null;
    let arriving: NodeJS.Timeout | null = null;

    const deliver = () => {
      arriving = null;
      const now = performance.now();
      if (connection.isCut()) {
        for (const { slice } of travelling.splice(0)) this.stats.lostBytes += slice.byteLength;
        return;
      }
      while (travelling.length > 0 && (travelling[0]?.arrivesAt ?? 0) <= now) {
        const { slice } = travelling.shift()!;
        queued -= slice.byteLength;
        to.write(slice);
      }
      if (travelling.length > 0) arriving = setTimeout(deliver, Math.max(0, (travelling[0]?.arrivesAt ?? now) - now));
      else if (waiting.length === 0 && ended) to.end();
      if (queued < windowBytes && from.isPaused() && !ended) from.resume();
    };

    const send = () => {
      sending = null;
      const now = performance.now();
      while (waiting.length > 0 && (waiting[0]?.sentAt ?? 0) <= now) {
        if (connection.isCut()) {
          lane.release(waiting.reduce((n, w) => n + w.slice.byteLength, 0), now);
          waiting.length = 0;
          return;
        }
        const { slice } = waiting.shift()!;
        // The slice is on the link now: count it, and cut here if the schedule says so.
        if (this.linkBytes + slice.byteLength >= this.nextDropAt) {
          // The link goes down at this byte: the part of the slice before it and everything still
          // travelling (the bytes of the last latency) never arrive; nothing after it is sent.
          const passing = Math.max(0, this.nextDropAt - this.linkBytes);
          this.stats[counter] += passing;
          this.linkBytes += passing;
          this.stats.lostBytes += passing;
          this.stats.drops += 1;
          this.nextDropAt = this.drawGap();
          lane.release(slice.byteLength - passing + waiting.reduce((n, w) => n + w.slice.byteLength, 0), now);
          waiting.length = 0;
          connection.cut();
          // The travelling slices are counted as lost when their arrival comes.
          break;
        }
        this.stats[counter] += slice.byteLength;
        this.linkBytes += slice.byteLength;
        travelling.push({ slice, arrivesAt: now + this.options.latencyMs });
      }
      if (!arriving && travelling.length > 0) arriving = setTimeout(deliver, Math.max(0, (travelling[0]?.arrivesAt ?? now) - now));
      if (waiting.length > 0) sending = setTimeout(send, Math.max(0, (waiting[0]?.sentAt ?? now) - now));
    };

    from.on('data', (chunk: Buffer) => {
      for (let at = 0; at < chunk.byteLength; at += sliceBytes) {
        const slice = chunk.subarray(at, Math.min(chunk.byteLength, at + sliceBytes));
        queued += slice.byteLength;
        waiting.push({ slice, sentAt: lane.reserve(slice.byteLength, performance.now()) });
      }
      if (!sending) sending = setTimeout(send, Math.max(0, (waiting[0]?.sentAt ?? 0) - performance.now()));
      if (queued >= windowBytes) from.pause();
    });
    // A half-close travels behind the last byte.
    from.on('end', () => {
      ended = true;
      if (queued === 0 && !arriving && !sending) setTimeout(() => { if (!connection.isCut()) to.end(); }, this.options.latencyMs);
    });
  }
}
