/**
 * Anmeldung (moving into the city, or registering a further flat) and Ummeldung (moving within
 * the city): a move into a flat of this municipality, registered within two weeks (BMG § 17 Abs.
 * 1) with the Wohnungsgeberbestätigung (§ 19). Persons moving together are registered in one
 * case: register persons (family members already living here) and, for an Anmeldung from
 * outside, persons new to the register. Each gets the same flat with the same Wohnungsstatus; the
 * decision about the present Hauptwohnung (give up or keep as Nebenwohnung) applies to each.
 *
 * The Anmeldung from another German municipality ends with the Rückmeldung (§ 33 BMG) to the
 * former municipality, due within three working days; the Meldebestätigung (§ 24 Abs. 2) is
 * printed for the persons.
 */
import { z } from 'zod';
import type { MessagePerson, OutboundMessageRequest } from '../../../exchange/messages.ts';
import type { RueckmeldungEntryWithExtras } from '../../../exchange/xmeld/rueckmeldung.ts';
import { addWorkingDays } from '../../../platform/working-days.ts';
import type {
  AddressFacts, CaseFacts, CompletionContext, CompletionEffects, FieldSpec, FormStep, Notice, RegisterChange, Violation, Workflow,
} from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import { applicantNotices, applicantViolations, type RegistrationKind } from './applicant.ts';
import { calendarFor, lateness, moveDateNotices, moveDateViolations } from './deadlines.ts';
import { meldebestaetigungen, type ConfirmationLine } from './meldebestaetigung.ts';
import {
  addressSchema, displayName, formatAddress, isoDateSchema, movingFromRegister, movingNew, newCoMoversSchema, newPersonSchema,
  personIdsSchema, toAddressFacts, toNewPerson, wohnungsgeberSchema, type MovingPerson,
} from './model.ts';
import { newPersonViolations } from './new-person.ts';
import { planChanges, planResidences, type ResidencePlan } from './residences.ts';
import { wohnungsgeberViolations } from './wohnungsgeber.ts';

const countryCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as AT');

export const moveInDataSchema = z.object({
  /** Einzugsdatum. */
  movedIn: isoDateSchema,
  newAddress: addressSchema,
  residenceKind: z.enum(['haupt', 'neben']),
  /** What happens to the present Hauptwohnung in this municipality when the new flat becomes the Hauptwohnung. */
  previousHauptwohnung: z.enum(['move_out', 'becomes_neben', 'keep']).nullish(),
  /** Further present residences given up with the move. */
  givenUpResidenceIds: personIdsSchema.nullish(),
  /** Auszugsdatum of residences given up; the Einzugsdatum when absent. */
  movedOutOfPrevious: isoDateSchema.nullish(),
  /** Register persons moving together with the data subject. */
  coMoverIds: personIdsSchema.nullish(),
  wohnungsgeber: wohnungsgeberSchema,
  /** § 32 BMG: the Einrichtung declares the resident cannot register themselves. */
  careHomeResidentUnable: z.boolean().nullish(),
  // — Anmeldung —
  /** Set by initialData when the subject is not in the register (drives the form). */
  subjectIsNew: z.boolean().nullish(),
  /** Set by initialData when the subject has residences here (drives the form). */
  hasResidenceHere: z.boolean().nullish(),
  newPerson: newPersonSchema.nullish(),
  newCoMoverCount: z.coerce.number().int().min(0).max(3).nullish(),
  newCoMovers: newCoMoversSchema.nullish(),
  /** Where the persons come from: another German municipality, abroad, or no previous flat. */
  origin: z.enum(['inland', 'ausland', 'ohne']).nullish(),
  previousAddress: addressSchema.nullish(),
  /** The former Meldebehörde, recipient of the Rückmeldung. */
  formerMunicipality: z.object({ ags: z.string().trim().regex(/^\d{8}$/, 'must be an 8-digit Gemeindeschlüssel'), name: z.string().trim().min(1) }).nullish(),
  previousCountry: countryCode.nullish(),
  /** The previous flat (elsewhere) is kept, as a Nebenwohnung or as the Hauptwohnung when the new one is a Nebenwohnung. */
  previousResidenceKept: z.boolean().nullish(),
});
export type MoveInData = z.infer<typeof moveInDataSchema>;

// --- reading the draft --------------------------------------------------------------------------

type Shape = typeof moveInDataSchema.shape;
type Parsed = { [K in keyof Shape]?: z.infer<Shape[K]> };

const addressLabels: Record<string, { de: string; en: string }> = {
  newAddress: { de: 'Neue Wohnung', en: 'New flat' },
  previousAddress: { de: 'Bisherige Anschrift', en: 'Previous address' },
};
const addressPartLabels: Record<string, { de: string; en: string }> = {
  street: { de: 'Straße', en: 'street' }, houseNumber: { de: 'Hausnummer', en: 'house number' },
  postcode: { de: 'Postleitzahl', en: 'postcode' }, city: { de: 'Ort', en: 'city' },
};

/** Parses each field of the draft on its own: a wrong field does not hide the others' violations. */
function readDraft(data: Partial<MoveInData>): { values: Parsed; invalid: Violation[] } {
  const values: Record<string, unknown> = {};
  const invalid: Violation[] = [];
  const raw = data as Record<string, unknown>;
  for (const [key, schema] of Object.entries(moveInDataSchema.shape)) {
    if (raw[key] === undefined || raw[key] === null) continue;
    const parsed = (schema as z.ZodType).safeParse(raw[key]);
    if (parsed.success) {
      values[key] = parsed.data;
    } else if (key !== 'newPerson' && key !== 'newCoMovers' && key !== 'wohnungsgeber') {
      // New persons and the Wohnungsgeberbestätigung are checked part by part below.
      const addressLabel = addressLabels[key];
      if (addressLabel) {
        // Name every missing or wrong part of an address in one violation.
        const parts = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))];
        const names = parts.map((part) => addressPartLabels[part] ?? { de: part, en: part });
        invalid.push(violation('RESIDENCE_ADDRESS_INCOMPLETE', key,
          `${addressLabel.de}: ${names.map((n) => n.de).join(', ')} fehlt oder ist ungültig (die Postleitzahl hat 5 Ziffern). Ergänzen Sie die Anschrift.`,
          `${addressLabel.en}: ${names.map((n) => n.en).join(', ')} missing or invalid (the postcode has 5 digits). Complete the address.`));
        continue;
      }
      const issue = parsed.error.issues[0];
      const path = [key, ...(issue?.path ?? []).map(String)].join('.');
      invalid.push(violation('RESIDENCE_FIELD_INVALID', path,
        `Die Angabe „${path}“ ist ungültig (${issue?.message ?? 'Format'}). Korrigieren Sie sie.`,
        `The entry "${path}" is invalid (${issue?.message ?? 'format'}). Correct it.`));
    } else {
      values[key] = raw[key];
    }
  }
  return { values: values as Parsed, invalid };
}

interface Movers {
  persons: MovingPerson[];
  violations: Violation[];
  /** create_person changes for persons new to the register. */
  creates: RegisterChange[];
}

function moversOf(kind: RegistrationKind, values: Parsed, facts: CaseFacts, checkNew: boolean): Movers {
  const persons: MovingPerson[] = [];
  const out: Violation[] = [];
  const creates: RegisterChange[] = [];
  if (facts.subject) {
    persons.push(movingFromRegister(facts.subject, 'subject'));
  } else if (kind === 'anmeldung') {
    if (checkNew) out.push(...newPersonViolations(values.newPerson, 'newPerson', facts.today));
    const parsed = newPersonSchema.safeParse(values.newPerson);
    if (parsed.success) {
      const person = toNewPerson(parsed.data);
      persons.push(movingNew(person, 'subject', 'newPerson'));
      creates.push({ kind: 'create_person', ref: 'subject', person });
    }
  }
  const ids = values.coMoverIds ?? [];
  for (const [index, id] of ids.entries()) {
    const other = facts.others[id];
    if (ids.indexOf(id) !== index || id === facts.subject?.id) {
      out.push(violation('RESIDENCE_CO_MOVER_TWICE', 'coMoverIds', 'Eine Person ist mehrfach als mitziehend eingetragen. Entfernen Sie die doppelte Angabe.', 'A person is listed twice as moving together. Remove the duplicate.'));
      continue;
    }
    if (!other) {
      out.push(violation('RESIDENCE_CO_MOVER_UNKNOWN', 'coMoverIds',
        `Die mitziehende Person ${id} ist nicht im Melderegister. Wählen Sie sie über die Personensuche aus${kind === 'anmeldung' ? ' oder erfassen Sie sie als neue Person' : ''}.`,
        `The person ${id} moving together is not in the register. Choose them with the person search${kind === 'anmeldung' ? ' or capture them as a new person' : ''}.`));
      continue;
    }
    if (other.dateOfDeath) {
      out.push(violation('RESIDENCE_CO_MOVER_DECEASED', 'coMoverIds',
        `${displayName(other)} ist laut Melderegister am ${germanDate(other.dateOfDeath)} verstorben und kann nicht umziehen.`,
        `${displayName(other)} died on ${other.dateOfDeath} according to the register and cannot move.`));
      continue;
    }
    persons.push(movingFromRegister(other, 'coMoverIds'));
  }
  const newOnes = Array.isArray(values.newCoMovers) ? values.newCoMovers : [];
  const wanted = values.newCoMoverCount ?? newOnes.length;
  if (kind !== 'anmeldung' && newOnes.length > 0) {
    out.push(violation('RESIDENCE_NEW_CO_MOVER_UMMELDUNG', 'newCoMovers',
      'Bei einer Ummeldung ziehen nur Personen mit, die schon hier gemeldet sind. Wer von außerhalb zuzieht, wird mit einer eigenen Anmeldung erfasst.',
      'In an Ummeldung only persons already registered here move together. Whoever moves in from outside is registered with an Anmeldung of their own.'));
  } else if (kind === 'anmeldung') {
    for (let index = 0; index < wanted; index += 1) {
      const field = `newCoMovers.${index}`;
      const raw: unknown = newOnes[index];
      if (checkNew) out.push(...newPersonViolations(raw, field, facts.today));
      const parsed = newPersonSchema.safeParse(raw);
      if (parsed.success) {
        const person = toNewPerson(parsed.data);
        const ref = `co-${index + 1}`;
        persons.push(movingNew(person, ref, field));
        creates.push({ kind: 'create_person', ref, person });
      }
    }
  }
  return { persons, violations: out, creates };
}

interface Analysis {
  values: Parsed;
  persons: MovingPerson[];
  creates: RegisterChange[];
  plans: Map<MovingPerson, ResidencePlan>;
  flat: AddressFacts | null;
  violations: Violation[];
}

function analyse(kind: RegistrationKind, data: Partial<MoveInData>, facts: CaseFacts): Analysis {
  const { values, invalid } = readDraft(data);
  const out: Violation[] = [...invalid];
  const movers = moversOf(kind, values, facts, true);
  out.push(...movers.violations);
  const subject = facts.subject;
  const hasHere = (subject?.residences ?? []).some((residence) => residence.movedOut === null);

  if (kind === 'ummeldung') {
    if (!subject) {
      out.push(violation('RESIDENCE_UMMELDUNG_SUBJECT', undefined,
        'Eine Ummeldung gibt es nur für Personen, die hier gemeldet sind. Wählen Sie die Person aus dem Melderegister, oder nehmen Sie eine Anmeldung auf.',
        'An Ummeldung is only for persons registered here. Choose the person from the register, or record an Anmeldung.'));
    } else if (!hasHere) {
      out.push(violation('RESIDENCE_UMMELDUNG_NO_RESIDENCE', undefined,
        `${displayName(subject)} hat keine Wohnung in ${facts.municipality.name}; der Zuzug ist eine Anmeldung.`,
        `${displayName(subject)} has no residence in ${facts.municipality.name}; moving in is an Anmeldung.`));
    }
  }
  if (!data.newAddress) {
    out.push(violation('RESIDENCE_NEW_ADDRESS_MISSING', 'newAddress', 'Tragen Sie die Anschrift der neuen Wohnung ein.', 'Enter the address of the new flat.'));
  }
  if (!data.residenceKind) {
    out.push(violation('RESIDENCE_KIND_MISSING', 'residenceKind',
      'Wählen Sie, ob die neue Wohnung Haupt- oder Nebenwohnung ist (die vorwiegend benutzte Wohnung ist die Hauptwohnung, § 21 Abs. 2 BMG).',
      'Choose whether the new flat is the Hauptwohnung or a Nebenwohnung (the mainly used flat is the Hauptwohnung, BMG § 21 (2)).'));
  }
  out.push(...moveDateViolations(data.movedIn, facts.today, 'in', 'movedIn'));
  const flat = values.newAddress ? toAddressFacts(values.newAddress, facts.municipality.ags) : null;

  if (kind === 'anmeldung') out.push(...originViolations(values, data, facts, hasHere));

  const plans = new Map<MovingPerson, ResidencePlan>();
  if (values.residenceKind) {
    for (const person of movers.persons) {
      const { plan, violations } = planResidences(person, {
        newKind: values.residenceKind,
        newFlat: flat,
        decision: values.previousHauptwohnung ?? undefined,
        givenUp: person === movers.persons[0] ? values.givenUpResidenceIds ?? [] : [],
        keepsFlatElsewhere: kind === 'anmeldung' && values.origin === 'inland' && values.previousResidenceKept === true,
        requireHauptwohnungHere: kind === 'ummeldung',
        decisionField: 'previousHauptwohnung',
      });
      plans.set(person, plan);
      out.push(...violations);
      const movedOut = values.movedOutOfPrevious ?? values.movedIn;
      for (const residence of plan.moveOuts) {
        if (movedOut && movedOut < residence.movedIn) {
          out.push(violation('RESIDENCE_MOVE_OUT_BEFORE_MOVE_IN', 'movedOutOfPrevious',
            `${displayName(person)} ist in ${formatAddress(residence.address)} am ${germanDate(residence.movedIn)} eingezogen; der Auszug (${germanDate(movedOut)}) kann nicht davor liegen.`,
            `${displayName(person)} moved into ${formatAddress(residence.address)} on ${residence.movedIn}; moving out (${movedOut}) cannot be earlier.`));
        }
      }
    }
  }
  if (kind === 'anmeldung' && values.residenceKind === 'neben') {
    // A Nebenwohnung needs a Hauptwohnung in Germany: one here that stays, or the previous flat kept elsewhere
    // (flats abroad do not count: the only German flat is the alleinige Wohnung).
    const keepsElsewhere = values.origin === 'inland' && values.previousResidenceKept === true;
    for (const person of movers.persons) {
      const plan = plans.get(person);
      const hauptHere = person.residences.some((residence) => residence.kind === 'haupt' && !plan?.moveOuts.includes(residence) && !plan?.toNeben.includes(residence));
      if (!hauptHere && !keepsElsewhere) {
        out.push(violation('RESIDENCE_NEBEN_WITHOUT_HAUPT', 'residenceKind',
          `${displayName(person)} hätte keine Hauptwohnung in Deutschland: eine Nebenwohnung gibt es nur neben einer Hauptwohnung (§ 21 BMG). Melden Sie die Wohnung als Hauptwohnung an, oder geben Sie an, dass die bisherige Wohnung in Deutschland beibehalten wird.`,
          `${displayName(person)} would have no Hauptwohnung in Germany: a Nebenwohnung exists only beside a Hauptwohnung (BMG § 21). Register the flat as the Hauptwohnung, or state that the previous flat in Germany is kept.`));
      }
    }
  }
  const intoCareHome = data.wohnungsgeber?.isCareHome === true;
  out.push(...applicantViolations(facts, {
    kind,
    subjectBirthDate: movers.persons[0]?.birthDate ?? null,
    intoCareHome,
    residentUnable: data.careHomeResidentUnable === true,
    relations: subject?.relations ?? [],
  }));
  out.push(...wohnungsgeberViolations(values.wohnungsgeber as MoveInData['wohnungsgeber'] | undefined, facts, {
    movedIn: values.movedIn, flat, persons: movers.persons,
  }));
  return { values, persons: movers.persons, creates: movers.creates, plans, flat, violations: out };
}

function originViolations(values: Parsed, data: Partial<MoveInData>, facts: CaseFacts, hasHere: boolean): Violation[] {
  const out: Violation[] = [];
  if (facts.subject && hasHere && values.residenceKind === 'haupt'
    && facts.subject.residences.some((residence) => residence.kind === 'haupt' && residence.movedOut === null)) {
    out.push(violation('RESIDENCE_USE_UMMELDUNG', undefined,
      `${displayName(facts.subject)} ist bereits mit Hauptwohnung in ${facts.municipality.name} gemeldet: ein Umzug innerhalb der Stadt ist eine Ummeldung. Nehmen Sie eine Ummeldung auf.`,
      `${displayName(facts.subject)} already has the Hauptwohnung in ${facts.municipality.name}: a move within the city is an Ummeldung. Record an Ummeldung.`));
  }
  if (!data.origin) {
    out.push(violation('RESIDENCE_ORIGIN_MISSING', 'origin',
      'Wählen Sie, woher die Person zuzieht: aus einer anderen Gemeinde in Deutschland, aus dem Ausland, oder ohne bisherige Wohnung.',
      'Choose where the person moves from: another German municipality, abroad, or no previous flat.'));
    return out;
  }
  if (values.origin === 'inland') {
    if (!values.previousAddress) {
      out.push(violation('RESIDENCE_PREVIOUS_ADDRESS_MISSING', 'previousAddress',
        'Tragen Sie die bisherige Anschrift vollständig ein (Straße, Hausnummer, PLZ, Ort); sie geht mit der Rückmeldung an die bisherige Meldebehörde.',
        'Enter the previous address in full (street, number, postcode, city); it goes to the former Meldebehörde with the Rückmeldung.'));
    }
    if (!values.formerMunicipality) {
      out.push(violation('RESIDENCE_FORMER_MUNICIPALITY_MISSING', 'formerMunicipality',
        'Tragen Sie die bisherige Gemeinde mit Namen und Gemeindeschlüssel (8 Ziffern) ein: an sie geht die Rückmeldung (§ 33 BMG).',
        'Enter the former municipality with its name and Gemeindeschlüssel (8 digits): it receives the Rückmeldung (BMG § 33).'));
    } else if (values.formerMunicipality.ags === facts.municipality.ags) {
      out.push(violation('RESIDENCE_FORMER_IS_THIS_MUNICIPALITY', 'formerMunicipality.ags',
        `Die bisherige Wohnung liegt in ${facts.municipality.name} selbst: das ist eine Ummeldung, keine Anmeldung.`,
        `The previous flat is in ${facts.municipality.name} itself: that is an Ummeldung, not an Anmeldung.`));
    }
  }
  if (values.origin === 'ausland') {
    if (!values.previousCountry) {
      out.push(violation('RESIDENCE_PREVIOUS_COUNTRY_MISSING', 'previousCountry',
        'Tragen Sie den Staat ein, aus dem die Person zuzieht (Ländercode, z. B. AT).', 'Enter the country the person moves from (country code, e.g. AT).'));
    } else if (values.previousCountry === 'DE') {
      out.push(violation('RESIDENCE_PREVIOUS_COUNTRY_DE', 'previousCountry',
        'Bei einem Zuzug aus Deutschland wählen Sie „aus einer anderen Gemeinde in Deutschland“ und tragen die bisherige Anschrift ein.',
        'For a move from within Germany choose "from another German municipality" and enter the previous address.'));
    }
  }
  return out;
}

// --- completion ----------------------------------------------------------------------------------

function messagePerson(person: MovingPerson, caseNumber: string): MessagePerson {
  return {
    // New persons get their register id only when the case's changes are applied; the case-scoped ref names them until then.
    personId: person.personId ?? `${caseNumber}:${person.ref}`,
    familyName: person.familyName, birthName: person.birthName, givenNames: person.givenNames, preferredGivenName: person.preferredGivenName,
    doctoralDegree: person.doctoralDegree, religiousName: person.religiousName, artistName: person.artistName,
    birthDate: person.birthDate, birthPlace: person.birthPlace, birthCountry: person.birthCountry, sex: person.sex, nationalities: person.nationalities,
  };
}

function completeMoveIn(kind: RegistrationKind, data: MoveInData, facts: CaseFacts, context: CompletionContext): CompletionEffects {
  const parsed = moveInDataSchema.parse(data);
  const { persons, creates, plans, flat } = analyse(kind, parsed, facts);
  if (!flat) throw new Error('completeMoveIn: the new address is missing although the capture was validated');
  const registeredOn = facts.today;
  const movedOutOfPrevious = parsed.movedOutOfPrevious ?? parsed.movedIn;
  const registerChanges: RegisterChange[] = [...creates];
  const lines: ConfirmationLine[] = [];
  for (const person of persons) {
    const plan = plans.get(person)!;
    registerChanges.push(...planChanges(person, plan, { address: flat, kind: parsed.residenceKind, movedIn: parsed.movedIn, movedOutOfPrevious, registeredOn }));
    lines.push({ person, status: plan.status });
  }
  const documents = meldebestaetigungen(lines, {
    event: 'anmeldung', address: flat, moveDate: parsed.movedIn, registeredOn, municipality: facts.municipality, officerName: context.officer.name,
  });
  const calendar = calendarFor(facts.municipality.ags);
  const messages: OutboundMessageRequest[] = [];
  let rueckmeldungDueBy: string | null = null;
  if (kind === 'anmeldung' && parsed.origin === 'inland' && parsed.previousAddress && parsed.formerMunicipality) {
    rueckmeldungDueBy = addWorkingDays(registeredOn, 3, calendar);
    const previousAddress = toAddressFacts(parsed.previousAddress, parsed.formerMunicipality.ags);
    const entries: RueckmeldungEntryWithExtras[] = persons.map((person) => ({
      person: messagePerson(person, context.caseNumber),
      newAddress: flat,
      residenceKind: parsed.residenceKind,
      previousAddress,
      movedIn: parsed.movedIn,
      registeredOn,
      maritalStatus: person.maritalStatus,
      religion: person.religion,
      soleResidence: plans.get(person)!.status === 'alleinige Wohnung',
      blocks: person.blocks,
    }));
    messages.push({
      payload: {
        kind: 'xmeld_rueckmeldung',
        caseNumber: context.caseNumber,
        sender: { ags: facts.municipality.ags, name: facts.municipality.authorityName },
        recipient: { ags: parsed.formerMunicipality.ags, name: parsed.formerMunicipality.name },
        persons: entries,
        dueBy: rueckmeldungDueBy,
      },
      recipientName: parsed.formerMunicipality.name,
      dueBy: rueckmeldungDueBy,
    });
  }
  const timing = lateness(parsed.movedIn, registeredOn, calendar);
  return {
    documents,
    messages,
    registerChanges,
    dataPatch: {
      registration: { registeredOn, deadline: timing.deadline, late: timing.late, daysLate: timing.daysLate, rueckmeldungDueBy },
    },
  };
}

function moveInNotices(kind: RegistrationKind, data: Partial<MoveInData>, facts: CaseFacts): Notice[] {
  const { values } = readDraft(data);
  const out: Notice[] = [...moveDateNotices(values.movedIn, facts.today, 'in', calendarFor(facts.municipality.ags))];
  const movers = moversOf(kind, values, facts, false);
  out.push(...applicantNotices(facts, {
    kind, subjectBirthDate: movers.persons[0]?.birthDate ?? null, intoCareHome: data.wohnungsgeber?.isCareHome === true,
    residentUnable: data.careHomeResidentUnable === true, relations: facts.subject?.relations ?? [],
  }));
  if (kind === 'anmeldung' && values.origin === 'inland' && values.formerMunicipality) {
    const due = addWorkingDays(facts.today, 3, calendarFor(facts.municipality.ags));
    out.push(notice('RESIDENCE_RUECKMELDUNG',
      `Nach der Anmeldung geht die Rückmeldung (XMeld) an ${values.formerMunicipality.name}; sie ist bis ${germanDate(due)} zu senden (drei Werktage, § 33 BMG).`,
      `After the registration the Rückmeldung (XMeld) goes to ${values.formerMunicipality.name}; it must be sent by ${due} (three working days, BMG § 33).`));
  }
  if (values.residenceKind === 'haupt') {
    // PAuswG § 27 Abs. 1 Nr. 1: the holder must have the new address put on the card.
    const holders = movers.persons.filter((person) => {
      const register = person.personId ? (person.personId === facts.subject?.id ? facts.subject : facts.others[person.personId]) : null;
      return register?.documents.some((document) => document.kind === 'personalausweis' && document.status === 'valid' && document.validUntil >= facts.today);
    });
    if (holders.length > 0) {
      out.push(notice('RESIDENCE_EID_ADDRESS_CHANGE',
        `${holders.map(displayName).join(', ')}: die neue Hauptwohnung muss in den Personalausweis (Chip und Aufkleber, § 27 Abs. 1 Nr. 1 PAuswG). Schließen Sie die Leistung „Anschrift im Chip ändern“ an, sobald die Meldung abgeschlossen ist.`,
        `${holders.map(displayName).join(', ')}: the new Hauptwohnung must go onto the identity card (chip and sticker, PAuswG § 27 (1) no. 1). Continue with the service "change the address on the eID chip" once the registration is completed.`));
    }
  }
  const blocked = movers.persons.filter((person) => person.blocks.length > 0);
  if (blocked.length > 0 && movers.persons.length > 1) {
    out.push(notice('RESIDENCE_BLOCKED_OWN_CONFIRMATION',
      `Für ${blocked.map(displayName).join(', ')} ist eine Auskunftssperre oder ein bedingter Sperrvermerk eingetragen: diese Person(en) erhalten eine eigene Meldebestätigung und stehen auf keiner anderen.`,
      `${blocked.map(displayName).join(', ')} have an Auskunftssperre or bedingter Sperrvermerk: they get a Meldebestätigung of their own and appear on nobody else's.`));
  }
  return out;
}

// --- the form --------------------------------------------------------------------------------

const text = (de: string, en: string) => ({ de, en });

function newPersonFields(prefix: string, visibleWhen: FieldSpec['visibleWhen']): FieldSpec[] {
  const field = (name: string, kind: FieldSpec['kind'], label: { de: string; en: string }, extra: Partial<FieldSpec> = {}): FieldSpec =>
    ({ name: `${prefix}.${name}`, kind, label, ...(visibleWhen ? { visibleWhen } : {}), ...extra });
  return [
    field('familyName', 'text', text('Familienname', 'Family name'), { required: true }),
    field('birthName', 'text', text('Geburtsname (falls abweichend)', 'Birth name (if different)')),
    field('givenNames', 'text', text('Vornamen (durch Leerzeichen getrennt)', 'Given names (separated by spaces)'), { required: true }),
    field('preferredGivenName', 'text', text('Gebräuchlicher Vorname', 'Preferred given name')),
    field('doctoralDegree', 'text', text('Doktorgrad', 'Doctoral degree')),
    field('birthDate', 'date', text('Geburtsdatum', 'Date of birth'), { required: true, help: text('Bei unbekanntem Tag oder Monat: JJJJ-MM oder JJJJ.', 'If the day or month is unknown: YYYY-MM or YYYY.') }),
    field('birthPlace', 'text', text('Geburtsort', 'Place of birth')),
    field('birthCountry', 'text', text('Geburtsstaat (Ländercode)', 'Country of birth (code)')),
    field('sex', 'select', text('Geschlecht', 'Sex'), {
      required: true,
      options: [
        { value: 'w', label: text('weiblich', 'female') }, { value: 'm', label: text('männlich', 'male') },
        { value: 'd', label: text('divers', 'diverse') }, { value: 'x', label: text('ohne Angabe', 'not stated') },
      ],
    }),
    field('nationalities', 'text', text('Staatsangehörigkeit(en) (Ländercodes, z. B. DE, PL)', 'Nationalities (codes, e.g. DE, PL)'), { required: true }),
    field('maritalStatus', 'select', text('Familienstand', 'Marital status'), {
      options: [
        { value: 'LD', label: text('ledig', 'single') }, { value: 'VH', label: text('verheiratet', 'married') },
        { value: 'VW', label: text('verwitwet', 'widowed') }, { value: 'GS', label: text('geschieden', 'divorced') },
        { value: 'LP', label: text('in eingetragener Lebenspartnerschaft', 'in a registered partnership') }, { value: 'NB', label: text('nicht bekannt', 'unknown') },
      ],
    }),
    field('religion', 'text', text('Religionsgesellschaft (Schlüssel, z. B. rk, ev; leer: keine)', 'Religious society (key, e.g. rk, ev; empty: none)')),
  ];
}

const moveStep: FormStep = {
  id: 'einzug',
  title: text('Einzug', 'Moving in'),
  fields: [
    { name: 'movedIn', kind: 'date', required: true, label: text('Einzugsdatum', 'Move-in date'), help: text('Anmeldung innerhalb von zwei Wochen nach dem Einzug (§ 17 Abs. 1 BMG).', 'Register within two weeks of moving in (BMG § 17 (1)).') },
    { name: 'newAddress', kind: 'address', required: true, label: text('Neue Wohnung', 'New flat') },
    {
      name: 'residenceKind', kind: 'select', required: true, label: text('Wohnungsstatus', 'Status of the flat'),
      options: [{ value: 'haupt', label: text('Hauptwohnung', 'Hauptwohnung (main residence)') }, { value: 'neben', label: text('Nebenwohnung', 'Nebenwohnung (secondary residence)') }],
    },
  ],
};

const hauptwohnungField: FieldSpec = {
  name: 'previousHauptwohnung', kind: 'select', label: text('Bisherige Hauptwohnung', 'Present Hauptwohnung'),
  help: text('Fragen Sie: wird die bisherige Hauptwohnung aufgegeben oder bleibt sie als Nebenwohnung?', 'Ask: is the present Hauptwohnung given up or kept as a Nebenwohnung?'),
  options: [
    { value: 'move_out', label: text('wird aufgegeben (Auszug)', 'is given up (move out)') },
    { value: 'becomes_neben', label: text('bleibt als Nebenwohnung', 'is kept as a Nebenwohnung') },
    { value: 'keep', label: text('bleibt Hauptwohnung (neue Wohnung ist Nebenwohnung)', 'stays the Hauptwohnung (the new flat is a Nebenwohnung)') },
  ],
};

const wohnungsgeberStep: FormStep = {
  id: 'wohnungsgeber',
  title: text('Wohnungsgeberbestätigung', 'Landlord\'s confirmation'),
  fields: [
    {
      name: 'wohnungsgeber.form', kind: 'select', required: true, label: text('Form der Bestätigung', 'Form of the confirmation'),
      options: [{ value: 'paper', label: text('auf Papier', 'on paper') }, { value: 'electronic', label: text('elektronisch (Zuordnungsmerkmal)', 'electronic (code)') }],
    },
    { name: 'wohnungsgeber.confirmationCode', kind: 'text', label: text('Zuordnungsmerkmal', 'Confirmation code'), visibleWhen: { field: 'wohnungsgeber.form', equals: ['electronic'] } },
    { name: 'wohnungsgeber.name', kind: 'text', label: text('Name des Wohnungsgebers', 'Landlord\'s name') },
    { name: 'wohnungsgeber.address', kind: 'address', label: text('Anschrift des Wohnungsgebers', 'Landlord\'s address') },
    { name: 'wohnungsgeber.ownerName', kind: 'text', label: text('Eigentümer (falls nicht der Wohnungsgeber)', 'Owner (if not the landlord)') },
    { name: 'wohnungsgeber.ownerAddress', kind: 'address', label: text('Anschrift des Eigentümers', 'Owner\'s address'), visibleWhen: { field: 'wohnungsgeber.ownerName' } },
    { name: 'wohnungsgeber.moveInDate', kind: 'date', label: text('Einzugsdatum laut Bestätigung', 'Move-in date on the confirmation') },
    { name: 'wohnungsgeber.flatAddress', kind: 'address', label: text('Wohnung laut Bestätigung', 'Flat on the confirmation') },
    { name: 'wohnungsgeber.personsNamed', kind: 'textarea', label: text('Genannte Personen (eine je Zeile)', 'Persons named (one per line)') },
    { name: 'wohnungsgeber.attachmentId', kind: 'upload', label: text('Scan der Bestätigung', 'Scan of the confirmation') },
    { name: 'wohnungsgeber.isCareHome', kind: 'boolean', label: text('Wohnung in einer Einrichtung (Pflegeheim o. Ä.)', 'Flat in an institution (care home or similar)') },
    {
      name: 'careHomeResidentUnable', kind: 'boolean', visibleWhen: { field: 'wohnungsgeber.isCareHome', equals: [true] },
      label: text('Bewohner/in kann sich nicht selbst anmelden (§ 32 BMG)', 'The resident cannot register themselves (BMG § 32)'),
    },
  ],
};

function anmeldungForm(): FormStep[] {
  const isNew = { field: 'subjectIsNew', equals: [true] };
  const coMoverSteps = [0, 1, 2].flatMap((index) => newPersonFields(`newCoMovers.${index}`, { field: 'newCoMoverCount', equals: [1, 2, 3].filter((count) => count > index) }));
  return [
    moveStep,
    { id: 'person', title: text('Person (neu im Melderegister)', 'Person (new to the register)'), fields: newPersonFields('newPerson', isNew) },
    {
      id: 'bisher',
      title: text('Bisherige Wohnung', 'Previous residence'),
      fields: [
        {
          name: 'origin', kind: 'select', required: true, label: text('Zuzug', 'Moving from'),
          options: [
            { value: 'inland', label: text('aus einer anderen Gemeinde in Deutschland', 'another German municipality') },
            { value: 'ausland', label: text('aus dem Ausland', 'abroad') },
            { value: 'ohne', label: text('ohne bisherige Wohnung', 'no previous flat') },
          ],
        },
        { name: 'previousAddress', kind: 'address', label: text('Bisherige Anschrift', 'Previous address'), visibleWhen: { field: 'origin', equals: ['inland'] } },
        { name: 'formerMunicipality.name', kind: 'text', label: text('Bisherige Meldebehörde (Gemeinde)', 'Former Meldebehörde (municipality)'), visibleWhen: { field: 'origin', equals: ['inland'] } },
        { name: 'formerMunicipality.ags', kind: 'text', label: text('Gemeindeschlüssel der bisherigen Gemeinde', 'Gemeindeschlüssel of the former municipality'), visibleWhen: { field: 'origin', equals: ['inland'] } },
        { name: 'previousResidenceKept', kind: 'boolean', label: text('Bisherige Wohnung wird beibehalten', 'The previous flat is kept'), visibleWhen: { field: 'origin', equals: ['inland'] } },
        { name: 'previousCountry', kind: 'text', label: text('Staat (Ländercode)', 'Country (code)'), visibleWhen: { field: 'origin', equals: ['ausland'] } },
        { ...hauptwohnungField, visibleWhen: { field: 'hasResidenceHere', equals: [true] } },
      ],
    },
    {
      id: 'mitziehende',
      title: text('Mitziehende Personen', 'Persons moving together'),
      fields: [
        { name: 'coMoverIds', kind: 'person', label: text('Mitziehende Person aus dem Melderegister', 'Person from the register moving together') },
        { name: 'newCoMoverCount', kind: 'number', min: 0, max: 3, label: text('Weitere Personen, neu im Melderegister', 'Further persons new to the register') },
        ...coMoverSteps,
      ],
    },
    wohnungsgeberStep,
  ];
}

function ummeldungForm(): FormStep[] {
  return [
    moveStep,
    {
      id: 'bisher',
      title: text('Bisherige Wohnung', 'Present residence'),
      fields: [
        { ...hauptwohnungField, required: true },
        { name: 'movedOutOfPrevious', kind: 'date', label: text('Auszugsdatum (falls abweichend vom Einzug)', 'Move-out date (if not the move-in date)') },
      ],
    },
    {
      id: 'mitziehende',
      title: text('Mitziehende Personen', 'Persons moving together'),
      fields: [{ name: 'coMoverIds', kind: 'person', label: text('Mitziehende Person aus dem Melderegister', 'Person from the register moving together') }],
    },
    wohnungsgeberStep,
  ];
}

function moveInWorkflow(kind: 'anmeldung' | 'ummeldung'): Workflow<MoveInData> {
  return {
    serviceId: kind,
    dataSchema: moveInDataSchema,
    form: kind === 'anmeldung' ? anmeldungForm() : ummeldungForm(),
    initialData(facts) {
      const hasResidenceHere = (facts.subject?.residences ?? []).some((residence) => residence.movedOut === null);
      return {
        residenceKind: 'haupt',
        newAddress: { city: facts.municipality.name } as MoveInData['newAddress'],
        hasResidenceHere,
        ...(kind === 'anmeldung' ? { subjectIsNew: facts.subject === null, origin: hasResidenceHere ? undefined : 'inland' as const } : {}),
      };
    },
    feeInput(data, facts) {
      const birthDate = facts.subject?.birthDate ?? (typeof data.newPerson?.birthDate === 'string' ? data.newPerson.birthDate : null);
      return { serviceId: kind, applicationDate: facts.today, birthDate };
    },
    validateCapture(data, facts) {
      return analyse(kind, data, facts).violations;
    },
    notices(data, facts) {
      return moveInNotices(kind, data, facts);
    },
    complete(data, facts, context) {
      return completeMoveIn(kind, data, facts, context);
    },
  };
}

export const anmeldungWorkflow = moveInWorkflow('anmeldung');
export const ummeldungWorkflow = moveInWorkflow('ummeldung');
