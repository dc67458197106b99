import { isApiError, type ApiClient } from './client.ts';

/** Mirrors src/identity/policies.ts; the server stays the authority, this only shapes the UI. */
export const roles = ['admin', 'dispatcher', 'field_officer', 'clerk', 'auditor'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'register.search', 'register.read', 'register.read_blocked', 'register.write', 'register.import',
  'audit.read', 'audit.verify', 'users.manage', 'kits.read', 'kits.pair',
  'cases.read', 'cases.write', 'cases.review', 'cases.reserve_numbers', 'outbox.read', 'outbox.manage', 'settings.manage', 'devices.check',
  'resources.manage', 'requests.read', 'requests.write', 'requests.decide', 'planning.read', 'planning.write', 'eligibility.manage',
] as const;
export type Permission = (typeof permissions)[number];

export interface SignedInUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  permissions: Permission[];
  hasSecondFactor: boolean;
}

export interface Municipality {
  name: string;
  ags?: string;
}

export interface Me {
  user: SignedInUser;
  csrfToken: string;
  /** Shown in the header when the server tells it. */
  municipality?: Municipality | null;
}

export type LoginResult =
  | { status: 'ok'; user: SignedInUser; csrfToken: string; municipality?: Municipality | null }
  | { status: 'second_factor_required'; csrfToken: string };

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** The signed-in user, or null when nobody is (401) — "not signed in" is a state, not an error. */
export async function fetchMe(api: ApiClient, signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me', { signal });
    api.setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      api.setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(api: ApiClient, username: string, password: string): Promise<LoginResult> {
  const result = await api.post<LoginResult>('/api/auth/login', { username, password });
  api.setCsrfToken(result.csrfToken);
  return result;
}

export async function submitSecondFactor(api: ApiClient, code: string): Promise<Extract<LoginResult, { status: 'ok' }>> {
  const result = await api.post<Extract<LoginResult, { status: 'ok' }>>('/api/auth/second-factor', { code });
  api.setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(api: ApiClient): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } finally {
    api.setCsrfToken(null);
  }
}

export const changePassword = (api: ApiClient, currentPassword: string, newPassword: string) =>
  api.post<void>('/api/auth/password', { currentPassword, newPassword });

export const startTotpSetup = (api: ApiClient) => api.post<TotpSetup>('/api/auth/totp/setup');

export const confirmTotpSetup = (api: ApiClient, code: string) =>
  api.post<{ user: SignedInUser }>('/api/auth/totp/confirm', { code });

export function hasPermission(me: Pick<Me, 'user'> | null | undefined, permission: Permission): boolean {
  return !!me?.user.permissions.includes(permission);
}
