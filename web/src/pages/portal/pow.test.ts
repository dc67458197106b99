import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leadingZeroBits, solveChallenge } from './pow.ts';

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

describe('browser proof of work', () => {
  it.each([[[0x80], 0], [[0x01], 7], [[0x00, 0x40], 9], [[0, 0], 16]])('%j has %i leading zero bits', (bytes, bits) => {
    expect(leadingZeroBits(Uint8Array.from(bytes))).toBe(bits);
  });

  it('finds the same first nonce as the server, with Web Crypto, in chunks with progress', async () => {
    const challenge = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const progress: number[] = [];
    const nonce = await solveChallenge(challenge, 10, { chunk: 64, onProgress: (tried) => progress.push(tried) });
    expect(leadingZeroBits(sha256(`${challenge}:${nonce}`))).toBeGreaterThanOrEqual(10);
    // No smaller nonce works: the search counts up from 0, as the server's solver does.
    for (let n = 0; n < Number(nonce); n += 1) expect(leadingZeroBits(sha256(`${challenge}:${n}`))).toBeLessThan(10);
    expect(progress.every((tried, i) => tried === 64 * (i + 1))).toBe(true);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(solveChallenge('x', 30, { chunk: 8, signal: controller.signal })).rejects.toThrow('aborted');
  });
});
