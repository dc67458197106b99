import type { ApiClient } from './client.ts';

/** The two kinds of fee table: federal fees (PAuswGebV, PassV, BMG) and the municipality's own tariff (Satzung). */
export type FeeTableKind = 'federal' | 'municipal';

export interface FeeTableLine {
  code: string;
  label: string;
  /** Whole euro cents, e.g. 1000 for 10,00 €. */
  amountCents: number;
  legalBasis: string;
  /** Municipal lines only: free when the certificate is for pension or social-benefit purposes. */
  pensionOrSocialPurposeFree?: boolean;
}

export interface FeeTableVersion {
  id: string;
  kind: FeeTableKind;
  source: 'builtin' | 'stored';
  /** YYYY-MM-DD. */
  validFrom: string;
  /** YYYY-MM-DD, null while open-ended. */
  validUntil: string | null;
  lines: FeeTableLine[];
  createdAt: string | null;
  createdByName: string;
  /** This version prices applications made today. */
  inForceToday: boolean;
}

export interface FeeTables {
  versions: FeeTableVersion[];
  /** The line codes every version of a kind must have. */
  lineCodes: Record<FeeTableKind, string[]>;
}

export interface NewFeeTableVersion {
  kind: FeeTableKind;
  validFrom: string;
  lines: FeeTableLine[];
}

/** How the municipality appears on its documents (GET/PUT /api/settings/profile). */
export interface DocumentProfile {
  authorityName: string;
  /** Behördenkennzahl: exactly 4 characters of 0–9 and A–Z. */
  authorityCode: string;
  place: string;
  addressLines: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
  /** Base64 PNG without a data: prefix; null for the text letterhead. */
  letterheadPng: string | null;
  /** Base64 PNG without a data: prefix; null for a printed circle to stamp into. */
  sealPng: string | null;
}

export const getFeeTables = (api: ApiClient, signal?: AbortSignal) =>
  api.get<FeeTables>('/api/settings/fee-tables', { signal });

export const addFeeTableVersion = (api: ApiClient, version: NewFeeTableVersion) =>
  api.post<{ version: Omit<FeeTableVersion, 'inForceToday'> }>('/api/settings/fee-tables', version).then((r) => r.version);

export const getDocumentProfile = (api: ApiClient, signal?: AbortSignal) =>
  api.get<DocumentProfile>('/api/settings/profile', { signal });

export const saveDocumentProfile = (api: ApiClient, profile: DocumentProfile) =>
  api.put<DocumentProfile>('/api/settings/profile', profile);
