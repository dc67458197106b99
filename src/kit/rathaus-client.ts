/**
 * The kit's HTTP client for the Rathaus: pairing, signed-challenge sessions (renewed when they
 * run out), and the sync transport (events, resumable uploads). A revoked kit's answer
 * (KIT_REVOKED, wipe) surfaces as KitRevokedError so the kit can wipe itself.
 */
import type { JWK } from 'jose';
import { AppError } from '../platform/errors.ts';
import type { EventBatch, EventOutcome } from './capture-event.ts';
import { signChallenge } from './keys.ts';
import type { SyncTransport } from './sync.ts';
import type { UploadRequest, UploadStatus } from './uploads.ts';

export class RathausError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'RathausError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class KitRevokedError extends RathausError {}

export interface PairingAnswer {
  pairingId: string;
  kitId: string;
  fingerprint: string;
  status: string;
}

export interface RathausClientOptions {
  baseUrl: string;
  pairingId: string;
  signingKey: JWK;
  /** Tests and the sync benchmark put a throttled or lossy fetch here. */
  fetch?: typeof fetch;
  /** Per request; a kit on a bad link must not hang on a dead connection. */
  timeoutMs?: number;
}

async function errorOf(response: Response): Promise<RathausError> {
  const text = await response.text().catch(() => '');
  let body: { code?: string; message?: string; details?: Record<string, unknown> } = {};
  try {
    // The Rathaus answers errors as { error: { code, message, details } }.
    body = (JSON.parse(text) as { error?: typeof body }).error ?? {};
  } catch {
    // Not JSON: a proxy or the network said something; keep the text.
  }
  const code = body.code ?? `HTTP_${response.status}`;
  const message = body.message ?? (text.slice(0, 200) || response.statusText);
  return code === 'KIT_REVOKED' ? new KitRevokedError(response.status, code, message, body.details) : new RathausError(response.status, code, message, body.details);
}

/**
 * The Rathaus's refusal as the kit's own AppError, for the officer: its code, message and details
 * as it gave them (they carry its German and English texts), else the fallback; the status is the
 * Rathaus's where it is one of `passStatuses`.
 */
export async function rathausRefusal(response: Response, fallback: { code: string; message: string; status: number }, passStatuses: number[] = []): Promise<AppError> {
  const error = await errorOf(response);
  const known = !error.code.startsWith('HTTP_');
  return new AppError(known ? error.code : fallback.code, known ? error.message : fallback.message, passStatuses.includes(response.status) ? response.status : fallback.status, error.details);
}

/** Asks the Rathaus to pair this kit (no session yet). */
export async function requestPairing(baseUrl: string, body: { kitName: string; signingKey: JWK; encryptionKey: JWK }, fetchImpl: typeof fetch = fetch): Promise<PairingAnswer> {
  const response = await fetchImpl(new URL('/api/kit/pairings', baseUrl), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) throw await errorOf(response);
  return await response.json() as PairingAnswer;
}

export class RathausClient implements SyncTransport {
  private token: { value: string; expiresAt: number } | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly options: RathausClientOptions;

  constructor(options: RathausClientOptions) {
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
  }

  private url(path: string): URL {
    return new URL(path, this.options.baseUrl);
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
  }

  private async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.fetchImpl(this.url(path), {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: this.signal(),
    });
    if (!response.ok) throw await errorOf(response);
    return await response.json() as T;
  }

  async pairingStatus(): Promise<{ status: string; wipe: boolean }> {
    const response = await this.fetchImpl(this.url(`/api/kit/pairings/${this.options.pairingId}/status`), { signal: this.signal() });
    if (!response.ok) throw await errorOf(response);
    return await response.json() as { status: string; wipe: boolean };
  }

  /** A session token, signed for afresh when none is held or it runs out within a minute. */
  async session(): Promise<string> {
    if (this.token && this.token.expiresAt - Date.now() > 60_000) return this.token.value;
    // Two uploads that find the session over at the same moment share one sign-in.
    this.signingIn ??= this.signIn().finally(() => { this.signingIn = null; });
    return this.signingIn;
  }

  private signingIn: Promise<string> | null = null;

  private async signIn(): Promise<string> {
    const challenge = await this.post<{ nonce: string }>('/api/kit/challenge', { pairingId: this.options.pairingId, purpose: 'session' });
    const signature = await signChallenge(this.options.signingKey, 'session', challenge.nonce);
    const opened = await this.post<{ token: string; expiresAt: string }>('/api/kit/session', { pairingId: this.options.pairingId, nonce: challenge.nonce, signature });
    // The kit's clock may be wrong: keep the Rathaus's lifetime, measured on our own clock.
    this.token = { value: opened.token, expiresAt: Date.now() + 55 * 60_000 };
    return opened.token;
  }

  async confirmWipe(): Promise<string> {
    const challenge = await this.post<{ nonce: string }>('/api/kit/challenge', { pairingId: this.options.pairingId, purpose: 'wiped' });
    const signature = await signChallenge(this.options.signingKey, 'wiped', challenge.nonce);
    return (await this.post<{ wipedAt: string }>('/api/kit/wiped', { pairingId: this.options.pairingId, nonce: challenge.nonce, signature })).wipedAt;
  }

  private async authorised(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.session()}` };
  }

  /**
   * Runs a call with the session; when the Rathaus says the session is over (it restarted, or
   * its clock says an hour has passed while ours does not), signs a new challenge and tries once more.
   */
  private async withSession<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    try {
      return await call(await this.authorised());
    } catch (error) {
      if (!(error instanceof RathausError) || error.code !== 'KIT_UNAUTHENTICATED') throw error;
      this.token = null;
      return call(await this.authorised());
    }
  }

  async sendEvents(batch: EventBatch): Promise<EventOutcome[]> {
    const answer = await this.withSession((headers) => this.post<{ outcomes: EventOutcome[] }>('/api/kit/events', batch, headers));
    return answer.outcomes;
  }

  async uploadStatus(sha256: string): Promise<UploadStatus | null> {
    return this.withSession(async (headers) => {
      const response = await this.fetchImpl(this.url(`/api/kit/uploads/${sha256}`), { headers, signal: this.signal() });
      if (response.status === 404) return null;
      if (!response.ok) throw await errorOf(response);
      return await response.json() as UploadStatus;
    });
  }

  async sendUpload(request: UploadRequest, rest: Uint8Array): Promise<UploadStatus> {
    return this.withSession((headers) => this.sendUploadWith(headers, request, rest));
  }

  private async sendUploadWith(authorisation: Record<string, string>, request: UploadRequest, rest: Uint8Array): Promise<UploadStatus> {
    const response = await this.fetchImpl(this.url(`/api/kit/uploads/${request.sha256}`), {
      method: 'PUT',
      headers: {
        ...authorisation,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(request.offset), 'upload-length': String(request.size), 'upload-media-type': request.mediaType,
      },
      // A copy on its own ArrayBuffer: fetch wants a plain BufferSource, not a view of a shared buffer.
      body: new Uint8Array(rest),
      signal: AbortSignal.timeout(Math.max(this.options.timeoutMs ?? 30_000, 120_000)),
    });
    if (!response.ok) throw await errorOf(response);
    return await response.json() as UploadStatus;
  }
}
