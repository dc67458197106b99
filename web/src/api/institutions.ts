import type { ApiClient } from './client.ts';

/** A care home, hospital or prison: the place of a Sammeltermin (GET /api/institutions). */
export interface Institution {
  id: string;
  name: string;
  kind: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  phone: string | null;
  email: string | null;
  /** Per weekday (1 = Monday): [["09:30","11:30"], …]. */
  visitingHours: Record<string, [string, string][]>;
}

export const listInstitutions = (api: ApiClient, signal?: AbortSignal) =>
  api.get<{ institutions: Institution[] }>('/api/institutions', { signal }).then((r) => r.institutions);
