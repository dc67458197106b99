/**
 * Änderung der Anschrift im Personalausweis (PAuswV § 19; PAuswG § 27 Abs. 1 Nr. 1 obliges the
 * holder to have it changed after a move): after the registration, the authority writes the new
 * Hauptwohnung to the chip at the certified terminal (the terminal reads the CAN from the card —
 * the holder types nothing) and prints the address sticker with the new address and the
 * Personalausweisnummer. Free of charge (PAuswGebV § 1 Abs. 5). Anybody with the card and a
 * Vollmacht may bring it (catalogue: any_authorised).
 */
import { z } from 'zod';
import type { CaseFacts, DocumentRequest, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertNoInput, assertPreconditions, documentNumberOf, eidDocumentCheck, eidDocumentKinds, formatAddress,
  hauptwohnungOf, recordTerminalResult, secretViolations, terminalResultSchema, terminalViolations, wohnortIdOf,
} from './common.ts';

const writtenAddressSchema = z.strictObject({
  street: z.string(),
  houseNumber: z.string(),
  addition: z.string().nullable(),
  postcode: z.string(),
  city: z.string(),
  ags: z.string(),
  wohnortId: z.string(),
});

export const addressChangeDataSchema = z.strictObject({
  /** The card on the terminal: serial number as in the register (with or without check digit). */
  documentSerialNumber: z.string().min(9),
  /** The terminal's answer, with what was written and the sticker text. */
  terminal: terminalResultSchema.extend({
    address: writtenAddressSchema.nullish(),
    stickerText: z.string().nullish(),
  }),
});
export type AddressChangeData = z.infer<typeof addressChangeDataSchema>;

const actionLabel = { de: 'Anschrift im Chip ändern', en: 'Change the address on the chip' };

function sameAddress(a: { street: string; houseNumber: string; addition: string | null; postcode: string; ags: string }, b: typeof a): boolean {
  return a.street === b.street && a.houseNumber === b.houseNumber && (a.addition ?? null) === (b.addition ?? null) && a.postcode === b.postcode && a.ags === b.ags;
}

function hauptwohnungViolations(facts: CaseFacts): Violation[] {
  if (!facts.subject || hauptwohnungOf(facts.subject)) return [];
  return [violation('EID_NO_HAUPTWOHNUNG', undefined,
    'Im Melderegister ist keine Hauptwohnung eingetragen. Nehmen Sie zuerst die An- oder Ummeldung auf; dann wird die neue Anschrift in den Chip geschrieben.',
    'The register holds no Hauptwohnung for this person. Register the move first (Anmeldung or Ummeldung); then the new address is written to the chip.')];
}

export const eidAddressChangeWorkflow: Workflow<AddressChangeData> = {
  serviceId: 'eid_address_change',
  dataSchema: addressChangeDataSchema,
  form: [
    {
      id: 'document',
      title: { de: 'Ausweis', en: 'Identity card' },
      fields: [{
        name: 'documentSerialNumber', kind: 'text', required: true,
        label: { de: 'Seriennummer des Personalausweises', en: 'Serial number of the identity card' },
        help: { de: 'Aus dem Melderegister vorbelegt; mit der Nummer auf dem Ausweis vergleichen.', en: 'Pre-filled from the register; compare with the number on the card.' },
      }],
    },
    {
      id: 'terminal',
      title: { de: 'Änderungsterminal', en: 'Change terminal' },
      fields: [{
        name: 'terminal', kind: 'device', action: 'change_address', required: true,
        label: actionLabel,
        help: { de: 'Ausweis auf das Terminal legen. Die neue Anschrift ist die Hauptwohnung laut Melderegister.', en: 'Place the card on the terminal. The new address is the Hauptwohnung in the register.' },
      }],
    },
  ],
  initialData(facts) {
    const card = facts.subject?.documents.find((document) => (eidDocumentKinds as readonly string[]).includes(document.kind)
      && document.status === 'valid' && document.validUntil >= facts.today);
    return card ? { documentSerialNumber: card.serialNumber } : {};
  },
  feeInput(_data, facts) {
    return { serviceId: 'eid_address_change', applicationDate: facts.today, birthDate: facts.subject?.birthDate ?? null };
  },
  validateCapture(data, facts) {
    const out: Violation[] = [...secretViolations(data), ...eidDocumentCheck(facts, data.documentSerialNumber), ...hauptwohnungViolations(facts)];
    out.push(...terminalViolations(data.terminal, data.documentSerialNumber, 'terminal', actionLabel));
    const current = facts.subject ? hauptwohnungOf(facts.subject) : null;
    if (data.terminal?.ok && current && data.terminal.address && !sameAddress(data.terminal.address, current.address)) {
      out.push(violation('EID_ADDRESS_OUTDATED', 'terminal',
        `Im Chip steht ${formatAddress(data.terminal.address)}, die Hauptwohnung im Register ist jetzt ${formatAddress(current.address)}. Ändern Sie die Anschrift erneut am Terminal.`,
        `The chip holds ${formatAddress(data.terminal.address)}, but the Hauptwohnung in the register is now ${formatAddress(current.address)}. Change the address at the terminal again.`));
    }
    if (data.terminal?.ok && !data.terminal.stickerText) {
      out.push(violation('EID_STICKER_TEXT_MISSING', 'terminal',
        'Das Terminal hat keinen Aufklebertext geliefert. Führen Sie die Änderung erneut aus.',
        'The terminal returned no sticker text. Run the change again.'));
    }
    return out;
  },
  notices(_data, facts) {
    const current = facts.subject ? hauptwohnungOf(facts.subject) : null;
    if (!current) return [];
    return [notice('EID_NEW_ADDRESS',
      `Neue Anschrift (Hauptwohnung laut Melderegister, seit ${germanDate(current.movedIn)}): ${formatAddress(current.address)}. Der Ausweis wird über die Zugangsnummer (CAN) gelesen; der Inhaber gibt nichts ein.`,
      `New address (Hauptwohnung in the register, since ${current.movedIn}): ${formatAddress(current.address)}. The terminal reads the card through its CAN; the holder types nothing.`)];
  },
  complete(data) {
    const sticker: DocumentRequest = {
      kind: 'address_sticker',
      title: 'Adressaufkleber',
      verifiable: false,
      sections: [{ paragraphs: (data.terminal.stickerText ?? '').split('\n') }],
    };
    return { documents: [sticker], messages: [], registerChanges: [] };
  },
  deviceActions: {
    change_address: {
      label: actionLabel,
      async run(devices, input, data, facts) {
        assertNoInput(input);
        assertPreconditions([...eidDocumentCheck(facts, data.documentSerialNumber), ...hauptwohnungViolations(facts)]);
        const current = hauptwohnungOf(facts.subject!)!;
        const documentNumber = documentNumberOf(data.documentSerialNumber!);
        const wohnortId = wohnortIdOf(current.address.ags);
        const { street, houseNumber, postcode, city } = current.address;
        // The chip has no separate field for the Adressierungszusatz; it goes with the street line.
        const streetLine = current.address.addition ? `${street}, ${current.address.addition}` : street;
        const result = await devices.changeTerminal.changeAddress({ documentNumber, address: { street: streetLine, houseNumber, postcode, city, wohnortId } });
        const recorded = recordTerminalResult(result, documentNumber, data.terminal);
        const terminal: AddressChangeData['terminal'] = {
          ...recorded,
          address: recorded.ok ? { ...current.address, wohnortId } : null,
          stickerText: recorded.ok && typeof result.stickerText === 'string' ? result.stickerText : null,
        };
        return { dataPatch: { terminal }, attachments: [] };
      },
    },
  },
};
