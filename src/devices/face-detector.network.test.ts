import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { createHumanFaceDetector } from './face-detector.ts';

// Its own file (own process): human keeps model state per module, and this load is meant to fail.
describe('human face detector without network', () => {
  it('refuses http(s) while loading: models at a URL fail loudly instead of reaching the network', async () => {
    const quiet = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const originalFetch = globalThis.fetch;
    const reached: string[] = [];
    globalThis.fetch = ((input: string | URL | Request) => {
      reached.push(String(input));
      return Promise.reject(new Error('the test network is off'));
    }) as typeof fetch;
    try {
      const error = await createHumanFaceDetector({ modelBaseUrl: 'https://models.example.invalid/human/' }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'FACE_MODEL_MISSING' });
      const refused = (error as AppError).details?.refused as string[];
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((url) => url.startsWith('https://models.example.invalid/human/'))).toBe(true);
      // The guard answered; the (test's) real fetch was never reached, and it is back in place.
      expect(reached).toEqual([]);
      expect((error as AppError).message).toMatch(/network access refused/);
    } finally {
      globalThis.fetch = originalFetch;
      quiet.mockRestore();
    }
    expect(globalThis.fetch).toBe(originalFetch);
  });
});
