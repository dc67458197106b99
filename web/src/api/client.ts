/**
 * The one way the office app talks to the Rathaus API: same-origin cookies, the CSRF token on
 * every state-changing request, and every failure turned into an ApiError with a stable code.
 */

export interface ApiIssue {
  path: string;
  message: string;
}

/** Codes the client produces itself, next to the server's own (UNAUTHENTICATED, FORBIDDEN, …). */
export const clientErrorCodes = { network: 'NETWORK', badResponse: 'BAD_RESPONSE' } as const;

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues: ApiIssue[];
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, status: number, issues: ApiIssue[] = [], details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.issues = issues;
    this.details = details;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Called when the server says the session is gone (401), so the app can show the login. */
  onUnauthenticated?: (error: ApiError) => void;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds `path?a=1&b=x`, leaving out empty values so the server's defaults apply. */
export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Reads an error response of any shape: the API's `{ error: {…} }`, a proxy's HTML page, or nothing. */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    const issues = Array.isArray(error.issues) ? error.issues.filter(isIssue) : [];
    const details = isRecord(error.details) ? error.details : undefined;
    return new ApiError(error.code, message, status, issues, details);
  }
  return new ApiError(`HTTP_${status}`, `The server answered with status ${status} and no readable error.`, status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): value is ApiIssue {
  return isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string';
}

export interface ApiClient {
  get<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  put<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  delete<T>(path: string, options?: Omit<RequestOptions, 'body'>): Promise<T>;
  setCsrfToken(token: string | null): void;
  getCsrfToken(): string | null;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let csrfToken: string | null = null;

  async function request<T>(method: string, path: string, { query, body, signal }: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (unsafeMethods.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

    let response: Response;
    try {
      response = await doFetch(buildUrl(path, query), {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (cause) {
      // Cancelled queries are not failures; TanStack Query expects the AbortError itself.
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(clientErrorCodes.network, 'The server cannot be reached. Check the network connection and try again.', 0);
    }

    const text = await response.text();
    if (!response.ok) {
      const error = errorFromResponse(response.status, text);
      // Only a missing or expired session; a wrong password or code is also 401 but keeps the session state.
      if (response.status === 401 && error.code === 'UNAUTHENTICATED') options.onUnauthenticated?.(error);
      throw error;
    }
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(clientErrorCodes.badResponse, `The server's answer to ${method} ${path} is not JSON.`, response.status);
    }
  }

  return {
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
    setCsrfToken: (token) => { csrfToken = token; },
    getCsrfToken: () => csrfToken,
  };
}
