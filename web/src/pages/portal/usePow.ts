import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/index.ts';
import { getChallenge, type PortalRequestBody } from '../../api/portal.ts';
import { solveChallenge } from './pow.ts';

type Solution = PortalRequestBody['solution'];
export interface PowState { status: 'solving' | 'ready' | 'failed'; percent: number }

/**
 * Fetches a challenge as soon as the form opens and solves it while the citizen fills it in.
 * `solution()` resolves once solved (at once when already done); `renew()` starts over with a new
 * challenge (after the server refused one as expired or spent).
 */
export function usePow(): { state: PowState; solution: () => Promise<Solution>; renew: () => void } {
  const [state, setState] = useState<PowState>({ status: 'solving', percent: 0 });
  const [round, setRound] = useState(0);
  const pending = useRef<Promise<Solution> | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const work = (async () => {
      const challenge = await getChallenge(api, controller.signal);
      const nonce = await solveChallenge(challenge.challenge, challenge.difficulty, {
        signal: controller.signal,
        onProgress: (tried, expected) => setState({ status: 'solving', percent: Math.min(99, Math.round((100 * tried) / expected)) }),
      });
      return { challenge: challenge.challenge, signature: challenge.signature, nonce };
    })();
    pending.current = work;
    work.then(() => setState({ status: 'ready', percent: 100 }), (error: unknown) => {
      if (!(error instanceof DOMException && error.name === 'AbortError')) setState({ status: 'failed', percent: 0 });
    });
    // A rejection nobody awaits yet must not surface as unhandled.
    work.catch(() => undefined);
    return () => controller.abort();
  }, [round]);

  const solution = useCallback(() => pending.current ?? Promise.reject(new Error('no challenge')), []);
  const renew = useCallback(() => {
    setState({ status: 'solving', percent: 0 });
    setRound((n) => n + 1);
  }, []);
  return { state, solution, renew };
}
