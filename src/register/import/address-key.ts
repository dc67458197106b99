import type { AddressRecord } from '../record.ts';

/**
 * The key under which one real address is stored once: street, house number, addition, postcode
 * and Gemeindeschlüssel, normalised so that "Hauptstr. 1 a" and "hauptstraße 1A" meet.
 */
export function addressKey(address: Pick<AddressRecord, 'street' | 'houseNumber' | 'addition' | 'postcode' | 'ags'>): string {
  return [normaliseStreet(address.street), normalisePart(address.houseNumber), normalisePart(address.addition ?? ''), address.postcode.trim(), address.ags.trim()].join('|');
}

function normalisePart(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

function normaliseStreet(street: string): string {
  return normalisePart(street)
    .replace(/ß/g, 'ss')
    // "Str." and "Straße" are the same street in every German register.
    .replace(/str\.$/, 'strasse')
    .replace(/-/g, '');
}
