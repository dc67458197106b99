/**
 * The Wohnungsgeberbestätigung (§ 19 BMG) for a move into a flat. It names the Wohnungsgeber
 * (name and address, and the owner when the Wohnungsgeber is not the owner), the Einzugsdatum,
 * the address of the flat and the names of the persons moving in (§ 19 Abs. 3). It must match
 * the registration: a different move-in date, another flat, or a person moving in who is not
 * named are violations the officer resolves with the person (corrected confirmation). An
 * electronic confirmation (§ 19 Abs. 4) is identified by its Zuordnungsmerkmal; what it says,
 * once looked up, is checked the same way. An Einrichtung (care home) is the Wohnungsgeber of its
 * residents (§ 32).
 */
import { nameTokens } from '../../../register/names/normalize.ts';
import type { AddressFacts, CaseFacts, Violation } from '../../workflow.ts';
import { germanDate, violation } from '../text.ts';
import { displayName, formatAddress, sameFlat, type MovingPerson, type WohnungsgeberInput } from './model.ts';

const field = (path: string) => `wohnungsgeber.${path}`;

/** A Zuordnungsmerkmal as the electronic procedures issue it: letters and digits, 6 to 32 characters. */
const confirmationCodePattern = /^[A-Za-z0-9-]{6,32}$/;

function addressComplete(address: Partial<Record<'street' | 'houseNumber' | 'postcode' | 'city', string | null | undefined>> | null | undefined): boolean {
  return Boolean(address?.street?.trim() && address.houseNumber?.trim() && address.postcode?.trim() && address.city?.trim());
}

/** Whether a name on the confirmation denotes the person: the family name and one given name (folded: "Müller" = "Mueller"). */
export function namesPerson(namedAs: string, person: Pick<MovingPerson, 'familyName' | 'givenNames'>): boolean {
  const tokens = new Set(nameTokens(namedAs));
  const family = nameTokens(person.familyName);
  const familyNamed = family.length > 0 && family.every((token) => tokens.has(token));
  const givenNamed = person.givenNames.some((given) => nameTokens(given).every((token) => tokens.has(token)));
  return familyNamed && givenNamed;
}

export interface WohnungsgeberContext {
  /** Einzugsdatum of the registration. */
  movedIn: string | undefined;
  /** The new flat as registered. */
  flat: AddressFacts | null;
  /** Everybody moving in with this case. */
  persons: MovingPerson[];
}

export function wohnungsgeberViolations(input: WohnungsgeberInput | undefined, facts: CaseFacts, context: WohnungsgeberContext): Violation[] {
  if (!input?.form) {
    return [violation('RESIDENCE_WOHNUNGSGEBER_MISSING', field('form'),
      'Für den Einzug ist die Wohnungsgeberbestätigung nötig (§ 19 BMG): erfassen Sie die Bestätigung auf Papier oder den Zuordnungsmerkmal der elektronischen Bestätigung.',
      'Moving in requires the landlord\'s confirmation (Wohnungsgeberbestätigung, BMG § 19): capture the paper confirmation or the code of the electronic one.')];
  }
  const out: Violation[] = [];
  const paper = input.form === 'paper';
  if (!paper) {
    if (!input.confirmationCode?.trim()) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_CODE_MISSING', field('confirmationCode'),
        'Tragen Sie den Zuordnungsmerkmal der elektronischen Wohnungsgeberbestätigung ein (§ 19 Abs. 4 BMG); die Person hat ihn vom Wohnungsgeber erhalten.',
        'Enter the Zuordnungsmerkmal of the electronic confirmation (BMG § 19 (4)); the person received it from the landlord.'));
    } else if (!confirmationCodePattern.test(input.confirmationCode.trim())) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_CODE_INVALID', field('confirmationCode'),
        `„${input.confirmationCode}“ ist kein Zuordnungsmerkmal (6 bis 32 Buchstaben und Ziffern). Prüfen Sie die Angabe.`,
        `"${input.confirmationCode}" is not a Zuordnungsmerkmal (6 to 32 letters and digits). Check it.`));
    }
  }
  // On paper every part of § 19 Abs. 3 must be there; electronically, what was looked up is checked.
  if (paper && !input.name?.trim()) {
    out.push(violation('RESIDENCE_WOHNUNGSGEBER_NAME_MISSING', field('name'),
      'Tragen Sie Namen des Wohnungsgebers ein (bei einer Einrichtung: ihren Namen), wie auf der Bestätigung.',
      'Enter the landlord\'s name (for an institution: its name) as on the confirmation.'));
  }
  if (paper && !addressComplete(input.address)) {
    out.push(violation('RESIDENCE_WOHNUNGSGEBER_ADDRESS_MISSING', field('address'),
      'Tragen Sie die Anschrift des Wohnungsgebers vollständig ein (Straße, Hausnummer, PLZ, Ort).',
      'Enter the landlord\'s full address (street, number, postcode, city).'));
  }
  if (input.ownerName?.trim() && !addressComplete(input.ownerAddress)) {
    out.push(violation('RESIDENCE_OWNER_ADDRESS_MISSING', field('ownerAddress'),
      'Ist der Wohnungsgeber nicht der Eigentümer, nennt die Bestätigung auch die Anschrift des Eigentümers (§ 19 Abs. 3 Nr. 1 BMG). Tragen Sie sie ein.',
      'When the landlord is not the owner, the confirmation also gives the owner\'s address (BMG § 19 (3) no. 1). Enter it.'));
  }
  if (!input.ownerName?.trim() && addressComplete(input.ownerAddress)) {
    out.push(violation('RESIDENCE_OWNER_NAME_MISSING', field('ownerName'),
      'Zur Anschrift des Eigentümers fehlt sein Name. Tragen Sie ihn ein oder löschen Sie die Anschrift.',
      'The owner\'s address is there but not his name. Enter it or remove the address.'));
  }
  if (!input.moveInDate) {
    if (paper) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_DATE_MISSING', field('moveInDate'),
        'Tragen Sie das Einzugsdatum ein, das die Wohnungsgeberbestätigung nennt.',
        'Enter the move-in date the landlord\'s confirmation states.'));
    }
  } else if (context.movedIn && input.moveInDate !== context.movedIn) {
    out.push(violation('RESIDENCE_WOHNUNGSGEBER_DATE_MISMATCH', field('moveInDate'),
      `Die Wohnungsgeberbestätigung nennt den Einzug am ${germanDate(input.moveInDate)}, angemeldet wird der Einzug am ${germanDate(context.movedIn)}. Klären Sie das Datum mit der Person; bei einem anderen Datum ist eine berichtigte Bestätigung nötig.`,
      `The landlord's confirmation states moving in on ${input.moveInDate}, the registration says ${context.movedIn}. Clarify the date with the person; a different date needs a corrected confirmation.`));
  }
  if (!addressComplete(input.flatAddress)) {
    if (paper) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_FLAT_MISSING', field('flatAddress'),
        'Tragen Sie die Anschrift der Wohnung ein, die die Wohnungsgeberbestätigung nennt.',
        'Enter the address of the flat the landlord\'s confirmation names.'));
    }
  } else if (context.flat && !sameFlat({ ...input.flatAddress!, addition: null } as AddressFacts, context.flat, true)) {
    out.push(violation('RESIDENCE_WOHNUNGSGEBER_FLAT_MISMATCH', field('flatAddress'),
      `Die Wohnungsgeberbestätigung gilt für ${formatAddress(input.flatAddress as AddressFacts)}, angemeldet wird ${formatAddress(context.flat)}. Die Bestätigung muss die Wohnung nennen, in die eingezogen wird.`,
      `The landlord's confirmation is for ${formatAddress(input.flatAddress as AddressFacts)}, the registration is for ${formatAddress(context.flat)}. The confirmation must name the flat moved into.`));
  }
  const named = input.personsNamed ?? [];
  if (named.length === 0) {
    if (paper) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_PERSONS_MISSING', field('personsNamed'),
        'Tragen Sie die Namen der einziehenden Personen ein, wie die Wohnungsgeberbestätigung sie nennt (eine Person je Zeile).',
        'Enter the names of the persons moving in as the confirmation lists them (one per line).'));
    }
  } else {
    for (const person of context.persons) {
      if (!named.some((entry) => namesPerson(entry, person))) {
        out.push(violation('RESIDENCE_WOHNUNGSGEBER_PERSON_NOT_NAMED', field('personsNamed'),
          `${displayName(person)} zieht mit ein, steht aber nicht auf der Wohnungsgeberbestätigung (genannt: ${named.join(', ')}). Für jede einziehende Person muss der Wohnungsgeber den Einzug bestätigen; lassen Sie die Bestätigung ergänzen.`,
          `${displayName(person)} is moving in but not named on the landlord's confirmation (named: ${named.join(', ')}). The landlord must confirm the move for every person; have the confirmation completed.`));
      }
    }
  }
  if (input.attachmentId) {
    const scan = facts.attachments.find((attachment) => attachment.id === input.attachmentId);
    if (!scan || scan.deleted) {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_SCAN_MISSING', field('attachmentId'),
        'Der Scan der Wohnungsgeberbestätigung ist nicht (mehr) am Vorgang. Scannen Sie die Bestätigung erneut oder entfernen Sie den Verweis.',
        'The scan of the landlord\'s confirmation is not (or no longer) attached to the case. Scan it again or remove the reference.'));
    } else if (scan.kind !== 'wohnungsgeberbestaetigung') {
      out.push(violation('RESIDENCE_WOHNUNGSGEBER_SCAN_KIND', field('attachmentId'),
        `Die Anlage ist als „${scan.kind}“ abgelegt, nicht als Wohnungsgeberbestätigung. Wählen Sie den Scan der Bestätigung.`,
        `The attachment is filed as "${scan.kind}", not as the landlord's confirmation. Choose the scan of the confirmation.`));
    }
  }
  return out;
}
