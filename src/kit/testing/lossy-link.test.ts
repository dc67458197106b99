// The lossy link the sync benchmark runs on: bytes arrive complete and in order through the
// throttle and the latency, the counters match what went through, and a cut stops a connection
// at a place the seed decides. No timing is asserted (the machine's speed is not the link's).
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LossyLink, type LinkOptions } from './lossy-link.ts';

const servers: Server[] = [];
const links: LossyLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function startLink(port: number, options: Partial<LinkOptions>): Promise<{ link: LossyLink; port: number }> {
  const link = new LossyLink({ host: '127.0.0.1', port }, { upBitsPerSecond: null, downBitsPerSecond: null, latencyMs: 0, dropsPerMiB: 0, seed: 1, ...options });
  links.push(link);
  return { link, port: await link.listen() };
}

/** Writes the data in uneven pieces and collects what comes back until the far end closes. */
function exchange(port: number, data: Buffer): Promise<{ received: Buffer; error: boolean }> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    let error = false;
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('error', () => { error = true; });
    socket.on('close', () => resolve({ received: Buffer.concat(parts), error }));
    let at = 0;
    let size = 1000;
    while (at < data.byteLength) {
      socket.write(data.subarray(at, at + size));
      at += size;
      size = (size * 7) % 50_000 + 100;
    }
    socket.end();
  });
}

/** A server that keeps what one connection sent it. */
async function sink(): Promise<{ port: number; received: Promise<Buffer> }> {
  let keep: (received: Buffer) => void = () => undefined;
  const received = new Promise<Buffer>((resolve) => { keep = resolve; });
  const server = createServer((socket) => {
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => keep(Buffer.concat(parts)));
  });
  return { port: await listen(server), received };
}

describe('lossy link', () => {
  it('delivers every byte in order through throttle and latency, and counts both directions', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    const { link, port } = await startLink(await listen(echo), { upBitsPerSecond: 200e6, downBitsPerSecond: 400e6, latencyMs: 3 });
    const data = randomBytes(1_500_000);
    const { received, error } = await exchange(port, data);
    expect(error).toBe(false);
    expect(received.equals(data)).toBe(true);
    expect(link.stats).toMatchObject({ upBytes: data.byteLength, downBytes: data.byteLength, drops: 0, lostBytes: 0, connections: 1 });
  });

  it('counts without shaping on the direct link', async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    const { link, port } = await startLink(await listen(echo), {});
    const data = randomBytes(300_000);
    expect((await exchange(port, data)).received.equals(data)).toBe(true);
    expect(link.stats).toMatchObject({ upBytes: data.byteLength, downBytes: data.byteLength, drops: 0 });
  });

  it('cuts a connection where the seeded schedule says, and what arrived before is an unbroken prefix', async () => {
    const data = randomBytes(4 * 1024 * 1024);
    const cutOnce = async (seed: number) => {
      const target = await sink();
      const { link, port } = await startLink(target.port, { upBitsPerSecond: 50e6, latencyMs: 1, dropsPerMiB: 2, seed });
      const { error } = await exchange(port, data);
      const received = await target.received;
      return { error, received, stats: { ...link.stats } };
    };
    const first = await cutOnce(11);
    expect(first.stats.drops).toBe(1);
    expect(first.error || first.received.byteLength < data.byteLength).toBe(true);
    expect(first.received.byteLength).toBeGreaterThan(0);
    expect(first.received.byteLength).toBeLessThan(data.byteLength);
    expect(first.received.equals(data.subarray(0, first.received.byteLength))).toBe(true);
    // Everything that went onto the link either arrived or was lost in the cut.
    expect(first.stats.upBytes).toBe(first.received.byteLength + first.stats.lostBytes);

    const again = await cutOnce(11);
    expect(again.stats.upBytes).toBe(first.stats.upBytes);
    const other = await cutOnce(9);
    expect(other.stats.upBytes).not.toBe(first.stats.upBytes);
  });
});
