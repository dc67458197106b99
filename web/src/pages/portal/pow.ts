/**
 * Solves the public form's proof of work in the browser: SHA-256(challenge + ":" + nonce) with
 * `difficulty` leading zero bits, the same bytes as the server (src/requests/public/pow.ts).
 * Web Crypto in chunks, yielding between them, so the page stays responsive and can show progress.
 */

export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export interface SolveOptions {
  /** Hashes per chunk between yields to the event loop. */
  chunk?: number;
  /** Called after each chunk with the hashes tried and the expected total (2^difficulty). */
  onProgress?: (tried: number, expected: number) => void;
  signal?: AbortSignal;
  digest?: (data: Uint8Array) => Promise<ArrayBuffer>;
}

const defaultDigest = (data: Uint8Array) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Finds a nonce (a decimal counter, like the server's solveChallenge). */
export async function solveChallenge(challenge: string, difficulty: number, options: SolveOptions = {}): Promise<string> {
  const encoder = new TextEncoder();
  const chunk = options.chunk ?? 2000;
  const digest = options.digest ?? defaultDigest;
  const expected = 2 ** difficulty;
  for (let nonce = 0; ; ) {
    const batch: Promise<ArrayBuffer>[] = [];
    for (let i = 0; i < chunk; i += 1) batch.push(digest(encoder.encode(`${challenge}:${nonce + i}`)));
    const hashes = await Promise.all(batch);
    const found = hashes.findIndex((hash) => leadingZeroBits(new Uint8Array(hash)) >= difficulty);
    if (found >= 0) return String(nonce + found);
    nonce += chunk;
    options.onProgress?.(nonce, expected);
    if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    await nextTick();
  }
}
