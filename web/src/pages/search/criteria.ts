import type { SearchParams } from '../../api/register.ts';
import { parsePartialDate } from '../../lib/dates.ts';

/** What the search form holds, as typed. */
export interface SearchForm {
  name: string;
  birthDate: string;
  address: string;
  purpose: string;
}

export const emptySearchForm: SearchForm = { name: '', birthDate: '', address: '', purpose: '' };

/** German parameter names keep the URL readable for the staff who share or bookmark it. */
const urlKeys: Record<keyof SearchForm, string> = { name: 'name', birthDate: 'geburtsdatum', address: 'anschrift', purpose: 'zweck' };

export const minNameLength = 2;
export const minAddressLength = 3;

export type SearchBlocker = 'name' | 'birthDate' | 'address';

export type SearchCriteria =
  | { ok: true; params: SearchParams & { name: string } }
  | { ok: false; reason: SearchBlocker };

/** The server searches by name and needs one part of at least two letters ("Mü", "Hans M"). */
export function nameSearchable(name: string): boolean {
  return name.split(/[\s,.'’-]+/u).some((part) => [...part].length >= minNameLength);
}

/** The server needs three letters of the street; house numbers and spaces do not count. */
export function addressSearchable(address: string): boolean {
  const street = address.replace(/[\s,]*\d+\s*[a-zA-Z]?$/u, '');
  return street.replace(/[^\p{L}]/gu, '').length >= minAddressLength;
}

/**
 * Turns the form into API parameters: the name always, birth date and address as filters.
 * A filter that cannot be read yet stops the search instead of being dropped: searching
 * without it would show (and log) hits the user did not ask for.
 */
export function searchCriteria(form: SearchForm): SearchCriteria {
  const name = form.name.trim().replace(/\s+/g, ' ');
  const address = form.address.trim().replace(/\s+/g, ' ');
  const purpose = form.purpose.trim();
  if (!nameSearchable(name)) return { ok: false, reason: 'name' };
  let birthDate: string | undefined;
  if (form.birthDate.trim()) {
    const parsed = parsePartialDate(form.birthDate);
    if (!parsed.ok) return { ok: false, reason: 'birthDate' };
    birthDate = parsed.iso;
  }
  if (address && !addressSearchable(address)) return { ok: false, reason: 'address' };
  return {
    ok: true,
    params: {
      name,
      ...(birthDate ? { birthDate } : {}),
      ...(address ? { address } : {}),
      ...(purpose ? { purpose } : {}),
    },
  };
}

export function formFromUrl(params: URLSearchParams): SearchForm {
  return {
    name: params.get(urlKeys.name) ?? '',
    birthDate: params.get(urlKeys.birthDate) ?? '',
    address: params.get(urlKeys.address) ?? '',
    purpose: params.get(urlKeys.purpose) ?? '',
  };
}

/** Only filled fields go into the URL, in a fixed order so equal searches give equal URLs. */
export function formToUrl(form: SearchForm): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['name', 'birthDate', 'address', 'purpose'] as const) {
    const value = form[key].trim();
    if (value) params.set(urlKeys[key], value);
  }
  return params;
}

/** Link to a hit; the purpose travels along, because opening the record is an access of its own. */
export function personPath(personId: string, purpose: string): string {
  const trimmed = purpose.trim();
  return `/personen/${encodeURIComponent(personId)}${trimmed ? `?${new URLSearchParams({ zweck: trimmed })}` : ''}`;
}
