import type { ApiClient } from './client.ts';
import type { Role } from './auth.ts';

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  disabled: boolean;
  hasSecondFactor: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface NewStaffUser {
  username: string;
  displayName: string;
  email: string | null;
  password: string;
  roles: Role[];
}

export interface StaffUserChange {
  displayName?: string;
  email?: string | null;
  roles?: Role[];
  disabled?: boolean;
}

export const listUsers = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ users: StaffUser[] }>('/api/admin/users', { signal }).then((r) => r.users);

export const createUser = (api: ApiClient, user: NewStaffUser) =>
  api.post<{ user: StaffUser }>('/api/admin/users', user).then((r) => r.user);

export const updateUser = (api: ApiClient, id: string, change: StaffUserChange) =>
  api.patch<{ user: StaffUser }>(`/api/admin/users/${encodeURIComponent(id)}`, change).then((r) => r.user);

export const resetUserPassword = (api: ApiClient, id: string, password: string) =>
  api.post<void>(`/api/admin/users/${encodeURIComponent(id)}/password`, { password });

export const removeUserSecondFactor = (api: ApiClient, id: string) =>
  api.delete<{ user: StaffUser }>(`/api/admin/users/${encodeURIComponent(id)}/second-factor`).then((r) => r.user);
