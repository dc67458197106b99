/**
 * Abmeldung (BMG § 17 Abs. 2): whoever moves out of a flat and takes no new flat in Germany —
 * moving abroad, or living without a flat — deregisters within two weeks after moving out, at the
 * earliest one week before. Giving up a Nebenwohnung is an Abmeldung too (§ 17 Abs. 2 Satz 1 with
 * § 21). Whoever moves to another German flat does not deregister: the Anmeldung there and the
 * Rückmeldung close the old residence.
 *
 * When the Hauptwohnung is given up and a Nebenwohnung remains, the remaining flat becomes the
 * Hauptwohnung (a person with a flat in Germany has a Hauptwohnung, § 21 BMG); with several, the
 * person says which. No Wohnungsgeberbestätigung is needed for moving out (§ 19 covers moving
 * in and, on request of the authority, out; the Bürgerkoffer does not ask for it).
 */
import { z } from 'zod';
import type { CaseFacts, CompletionContext, CompletionEffects, FormStep, Notice, RegisterChange, ResidenceFacts, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import { applicantNotices, applicantViolations } from './applicant.ts';
import { calendarFor, lateness, moveDateNotices, moveDateViolations } from './deadlines.ts';
import { meldebestaetigungen, type ConfirmationLine, type ResidenceStatus } from './meldebestaetigung.ts';
import { displayName, formatAddress, isoDateSchema, movingFromRegister, personIdsSchema, sameFlat, type MovingPerson } from './model.ts';

const countryCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as AT');

export const abmeldungDataSchema = z.object({
  /** Auszugsdatum. */
  movedOut: isoDateSchema,
  giveUp: z.enum(['hauptwohnung', 'nebenwohnung', 'alle']),
  /** Which Nebenwohnung, when the person has several. */
  residenceId: z.string().nullish(),
  /** Where the person goes when giving up the Hauptwohnung; "inland" is answered with a violation (no Abmeldung then). */
  destination: z.enum(['ausland', 'keine_wohnung', 'inland']).nullish(),
  destinationCountry: countryCode.nullish(),
  /** Which remaining Nebenwohnung becomes the Hauptwohnung, when several remain. */
  newHauptwohnungId: z.string().nullish(),
  coMoverIds: personIdsSchema.nullish(),
});
export type AbmeldungData = z.infer<typeof abmeldungDataSchema>;

type Shape = typeof abmeldungDataSchema.shape;
type Parsed = { [K in keyof Shape]?: z.infer<Shape[K]> };

function readDraft(data: Partial<AbmeldungData>): { values: Parsed; invalid: Violation[] } {
  const values: Record<string, unknown> = {};
  const invalid: Violation[] = [];
  for (const [key, schema] of Object.entries(abmeldungDataSchema.shape)) {
    const raw = (data as Record<string, unknown>)[key];
    if (raw === undefined || raw === null) continue;
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else {
      const message = parsed.error.issues[0]?.message ?? 'format';
      invalid.push(violation('RESIDENCE_FIELD_INVALID', key, `Die Angabe „${key}“ ist ungültig (${message}). Korrigieren Sie sie.`, `The entry "${key}" is invalid (${message}). Correct it.`));
    }
  }
  return { values: values as Parsed, invalid };
}

interface PersonPlan {
  person: MovingPerson;
  giveUp: ResidenceFacts[];
  newHaupt: ResidenceFacts | null;
  statusOf: Map<ResidenceFacts, ResidenceStatus>;
}

interface Analysis {
  values: Parsed;
  plans: PersonPlan[];
  violations: Violation[];
}

const kindLabel = (residence: ResidenceFacts) => (residence.kind === 'haupt' ? 'Hauptwohnung' : 'Nebenwohnung');

function statusOf(residence: ResidenceFacts, current: ResidenceFacts[]): ResidenceStatus {
  if (current.length === 1) return 'alleinige Wohnung';
  return residence.kind === 'haupt' ? 'Hauptwohnung' : 'Nebenwohnung';
}

/** The subject's residences to give up, by the choice made. */
function subjectGiveUp(subject: MovingPerson, values: Parsed, out: Violation[]): ResidenceFacts[] {
  const current = subject.residences;
  const name = displayName(subject);
  switch (values.giveUp) {
    case 'hauptwohnung': {
      const haupt = current.find((residence) => residence.kind === 'haupt');
      if (!haupt) {
        out.push(violation('RESIDENCE_NO_HAUPTWOHNUNG', 'giveUp',
          `${name} hat hier keine Hauptwohnung. Wählen Sie „Nebenwohnung aufgeben“.`, `${name} has no Hauptwohnung here. Choose "give up a Nebenwohnung".`));
        return [];
      }
      return [haupt];
    }
    case 'nebenwohnung': {
      const nebens = current.filter((residence) => residence.kind === 'neben');
      if (values.residenceId) {
        const chosen = nebens.find((residence) => residence.residenceId === values.residenceId);
        if (!chosen) {
          out.push(violation('RESIDENCE_NOT_A_NEBENWOHNUNG', 'residenceId',
            `Die gewählte Wohnung ist keine Nebenwohnung von ${name}. Nebenwohnungen: ${nebens.map((r) => formatAddress(r.address)).join('; ') || 'keine'}.`,
            `The chosen residence is not a Nebenwohnung of ${name}. Nebenwohnungen: ${nebens.map((r) => formatAddress(r.address)).join('; ') || 'none'}.`));
          return [];
        }
        return [chosen];
      }
      if (nebens.length === 0) {
        out.push(violation('RESIDENCE_NO_NEBENWOHNUNG', 'giveUp', `${name} hat keine Nebenwohnung.`, `${name} has no Nebenwohnung.`));
        return [];
      }
      if (nebens.length > 1) {
        out.push(violation('RESIDENCE_WHICH_NEBENWOHNUNG', 'residenceId',
          `${name} hat mehrere Nebenwohnungen (${nebens.map((r) => formatAddress(r.address)).join('; ')}). Wählen Sie die Wohnung, die aufgegeben wird.`,
          `${name} has several Nebenwohnungen (${nebens.map((r) => formatAddress(r.address)).join('; ')}). Choose the one given up.`));
        return [];
      }
      return nebens;
    }
    case 'alle':
      return [...current];
    default:
      return [];
  }
}

/** What remains, and which remaining flat becomes the Hauptwohnung when the Hauptwohnung goes. */
function remainingHaupt(person: MovingPerson, giveUp: ResidenceFacts[], chosenId: string | null | undefined, isSubject: boolean, out: Violation[]): ResidenceFacts | null {
  const remaining = person.residences.filter((residence) => !giveUp.includes(residence));
  if (remaining.length === 0 || remaining.some((residence) => residence.kind === 'haupt')) return null;
  if (isSubject && chosenId) {
    const chosen = remaining.find((residence) => residence.residenceId === chosenId);
    if (chosen) return chosen;
    out.push(violation('RESIDENCE_NEW_HAUPT_UNKNOWN', 'newHauptwohnungId',
      `Die gewählte Wohnung bleibt ${displayName(person)} nicht erhalten. Wählen Sie eine der verbleibenden: ${remaining.map((r) => formatAddress(r.address)).join('; ')}.`,
      `The chosen flat does not remain with ${displayName(person)}. Choose one of the remaining: ${remaining.map((r) => formatAddress(r.address)).join('; ')}.`));
    return null;
  }
  if (remaining.length === 1) return remaining[0]!;
  out.push(violation('RESIDENCE_WHICH_NEW_HAUPTWOHNUNG', isSubject ? 'newHauptwohnungId' : 'coMoverIds',
    `${displayName(person)} gibt die Hauptwohnung auf und behält mehrere Nebenwohnungen (${remaining.map((r) => formatAddress(r.address)).join('; ')}). Fragen Sie, welche die vorwiegend benutzte Wohnung und damit Hauptwohnung wird (§ 21 Abs. 2 BMG).`,
    `${displayName(person)} gives up the Hauptwohnung and keeps several Nebenwohnungen (${remaining.map((r) => formatAddress(r.address)).join('; ')}). Ask which is mainly used and so becomes the Hauptwohnung (BMG § 21 (2)).`));
  return null;
}

function analyse(data: Partial<AbmeldungData>, facts: CaseFacts): Analysis {
  const { values, invalid } = readDraft(data);
  const out: Violation[] = [...invalid];
  const plans: PersonPlan[] = [];
  const subjectFacts = facts.subject;
  if (!subjectFacts) {
    out.push(violation('RESIDENCE_ABMELDUNG_SUBJECT', undefined,
      'Wählen Sie die Person aus dem Melderegister, die sich abmeldet.', 'Choose the person from the register who deregisters.'));
    return { values, plans, violations: out };
  }
  const subject = movingFromRegister(subjectFacts, 'subject');
  if (subject.residences.length === 0) {
    out.push(violation('RESIDENCE_ABMELDUNG_NO_RESIDENCE', undefined,
      `${displayName(subject)} hat in ${facts.municipality.name} keine Wohnung mehr, von der sie sich abmelden könnte.`,
      `${displayName(subject)} has no residence left in ${facts.municipality.name} to deregister from.`));
  }
  if (!data.giveUp) {
    out.push(violation('RESIDENCE_GIVE_UP_MISSING', 'giveUp',
      'Wählen Sie, welche Wohnung aufgegeben wird: die Hauptwohnung, eine Nebenwohnung oder alle.', 'Choose which residence is given up: the Hauptwohnung, a Nebenwohnung or all.'));
  }
  out.push(...moveDateViolations(data.movedOut, facts.today, 'out', 'movedOut'));
  const giveUp = subjectGiveUp(subject, values, out);
  const givesUpHaupt = giveUp.some((residence) => residence.kind === 'haupt');
  if (givesUpHaupt) {
    if (!values.destination) {
      out.push(violation('RESIDENCE_DESTINATION_MISSING', 'destination',
        'Wohin zieht die Person? Die Abmeldung der Hauptwohnung gibt es bei einem Wegzug ins Ausland oder wenn keine neue Wohnung bezogen wird.',
        'Where does the person go? Deregistering the Hauptwohnung is for moving abroad or when no new flat is taken.'));
    } else if (values.destination === 'inland') {
      out.push(violation('RESIDENCE_ABMELDUNG_INLAND', 'destination',
        'Bei einem Umzug in eine Wohnung in Deutschland meldet sich die Person dort an (innerhalb von zwei Wochen); die bisherige Meldebehörde erfährt es durch die Rückmeldung. Eine Abmeldung ist nicht nötig – brechen Sie diesen Vorgang ab.',
        'When moving to a flat in Germany the person registers there (within two weeks); the former Meldebehörde learns of it through the Rückmeldung. No Abmeldung is needed — cancel this case.'));
    } else if (values.destination === 'ausland' && !values.destinationCountry) {
      out.push(violation('RESIDENCE_DESTINATION_COUNTRY_MISSING', 'destinationCountry',
        'Tragen Sie den Zielstaat als Ländercode ein (z. B. AT).', 'Enter the destination country as a country code (e.g. AT).'));
    } else if (values.destination === 'ausland' && values.destinationCountry === 'DE') {
      out.push(violation('RESIDENCE_DESTINATION_COUNTRY_DE', 'destinationCountry',
        'Deutschland ist kein Zielstaat im Ausland. Bei einem Umzug innerhalb Deutschlands ist keine Abmeldung nötig.', 'Germany is not a country abroad. Moving within Germany needs no Abmeldung.'));
    }
  }
  for (const residence of giveUp) {
    if (values.movedOut && values.movedOut < residence.movedIn) {
      out.push(violation('RESIDENCE_MOVE_OUT_BEFORE_MOVE_IN', 'movedOut',
        `Der Einzug in ${formatAddress(residence.address)} war am ${germanDate(residence.movedIn)}; der Auszug kann nicht davor liegen.`,
        `Moving into ${formatAddress(residence.address)} was on ${residence.movedIn}; moving out cannot be earlier.`));
    }
  }
  const subjectStatus = new Map(giveUp.map((residence) => [residence, statusOf(residence, subject.residences)]));
  plans.push({ person: subject, giveUp, newHaupt: remainingHaupt(subject, giveUp, values.newHauptwohnungId, true, out), statusOf: subjectStatus });

  const ids = values.coMoverIds ?? [];
  for (const [index, id] of ids.entries()) {
    const other = facts.others[id];
    if (ids.indexOf(id) !== index || id === subjectFacts.id) continue;
    if (!other) {
      out.push(violation('RESIDENCE_CO_MOVER_UNKNOWN', 'coMoverIds',
        `Die mitziehende Person ${id} ist nicht im Melderegister. Wählen Sie sie über die Personensuche aus.`, `The person ${id} moving together is not in the register. Choose them with the person search.`));
      continue;
    }
    const person = movingFromRegister(other, 'coMoverIds');
    // Family members leave the same flats as the data subject.
    const theirs = person.residences.filter((residence) => giveUp.some((given) => sameFlat(given.address, residence.address)));
    if (theirs.length === 0) {
      out.push(violation('RESIDENCE_CO_MOVER_NOT_RESIDENT', 'coMoverIds',
        `${displayName(person)} ist in der aufgegebenen Wohnung nicht gemeldet und kann nicht mit abgemeldet werden.`,
        `${displayName(person)} is not registered in the flat given up and cannot be deregistered with it.`));
      continue;
    }
    plans.push({ person, giveUp: theirs, newHaupt: remainingHaupt(person, theirs, null, false, out), statusOf: new Map(theirs.map((r) => [r, statusOf(r, person.residences)])) });
  }
  const subjectAge = subject.birthDate;
  out.push(...applicantViolations(facts, { kind: 'abmeldung', subjectBirthDate: subjectAge, intoCareHome: false, residentUnable: false, relations: subject.relations }));
  return { values, plans, violations: out };
}

function complete(data: AbmeldungData, facts: CaseFacts, context: CompletionContext): CompletionEffects {
  const parsed = abmeldungDataSchema.parse(data);
  const { plans } = analyse(parsed, facts);
  const registeredOn = facts.today;
  const destination = parsed.destination === 'ausland' ? parsed.destinationCountry ?? null : null;
  const registerChanges: RegisterChange[] = [];
  for (const plan of plans) {
    const personId = plan.person.personId!;
    for (const residence of plan.giveUp) {
      registerChanges.push({ kind: 'move_out', personId, residenceId: residence.residenceId, movedOut: parsed.movedOut, registeredOn, destination: residence.kind === 'haupt' ? destination : null });
    }
    if (plan.newHaupt) registerChanges.push({ kind: 'change_residence_kind', personId, residenceId: plan.newHaupt.residenceId, residenceKind: 'haupt' });
  }
  // One Meldebestätigung per flat given up (moving abroad from several flats gives several).
  const subjectFlats = plans[0]?.giveUp ?? [];
  const documents = subjectFlats.flatMap((flat) => {
    const lines: ConfirmationLine[] = plans.flatMap((plan) => plan.giveUp
      .filter((residence) => sameFlat(residence.address, flat.address))
      .map((residence) => ({ person: plan.person, status: plan.statusOf.get(residence) ?? kindLabel(residence) })));
    return meldebestaetigungen(lines, {
      event: 'abmeldung', address: flat.address, moveDate: parsed.movedOut, registeredOn, municipality: facts.municipality, officerName: context.officer.name,
    });
  });
  const timing = lateness(parsed.movedOut, registeredOn, calendarFor(facts.municipality.ags));
  return {
    documents,
    messages: [],
    registerChanges,
    dataPatch: { registration: { registeredOn, deadline: timing.deadline, late: timing.late, daysLate: timing.daysLate, rueckmeldungDueBy: null } },
  };
}

function notices(data: Partial<AbmeldungData>, facts: CaseFacts): Notice[] {
  const { values } = readDraft(data);
  const out: Notice[] = [...moveDateNotices(values.movedOut, facts.today, 'out', calendarFor(facts.municipality.ags))];
  out.push(...applicantNotices(facts, { kind: 'abmeldung', subjectBirthDate: facts.subject?.birthDate ?? null, intoCareHome: false, residentUnable: false, relations: facts.subject?.relations ?? [] }));
  if (facts.subject && values.giveUp) {
    const scratch: Violation[] = [];
    const subject = movingFromRegister(facts.subject, 'subject');
    const giveUp = subjectGiveUp(subject, values, scratch);
    const newHaupt = remainingHaupt(subject, giveUp, values.newHauptwohnungId, true, scratch);
    if (newHaupt) {
      out.push(notice('RESIDENCE_NEBEN_BECOMES_HAUPT',
        `Die verbleibende Wohnung ${formatAddress(newHaupt.address)} wird Hauptwohnung.`,
        `The remaining flat ${formatAddress(newHaupt.address)} becomes the Hauptwohnung.`));
    }
  }
  return out;
}

const text = (de: string, en: string) => ({ de, en });

const form: FormStep[] = [
  {
    id: 'auszug',
    title: text('Auszug', 'Moving out'),
    fields: [
      { name: 'movedOut', kind: 'date', required: true, label: text('Auszugsdatum', 'Move-out date'), help: text('Abmeldung frühestens eine Woche vor, spätestens zwei Wochen nach dem Auszug (§ 17 Abs. 2 BMG).', 'Deregister at most one week before and at the latest two weeks after moving out (BMG § 17 (2)).') },
      {
        name: 'giveUp', kind: 'select', required: true, label: text('Aufgegeben wird', 'Given up'),
        options: [
          { value: 'hauptwohnung', label: text('die Hauptwohnung', 'the Hauptwohnung') },
          { value: 'nebenwohnung', label: text('eine Nebenwohnung', 'a Nebenwohnung') },
          { value: 'alle', label: text('alle Wohnungen', 'all residences') },
        ],
      },
      {
        name: 'destination', kind: 'select', label: text('Wohin?', 'Where to?'), visibleWhen: { field: 'giveUp', equals: ['hauptwohnung', 'alle'] },
        options: [
          { value: 'ausland', label: text('ins Ausland', 'abroad') },
          { value: 'keine_wohnung', label: text('keine neue Wohnung', 'no new flat') },
          { value: 'inland', label: text('in eine Wohnung in Deutschland', 'to a flat in Germany') },
        ],
      },
      { name: 'destinationCountry', kind: 'text', label: text('Zielstaat (Ländercode)', 'Destination country (code)'), visibleWhen: { field: 'destination', equals: ['ausland'] } },
    ],
  },
  {
    id: 'mitziehende',
    title: text('Mitziehende Personen', 'Persons moving together'),
    fields: [{ name: 'coMoverIds', kind: 'person', label: text('Mitziehende Person aus dem Melderegister', 'Person from the register moving together') }],
  },
];

export const abmeldungWorkflow: Workflow<AbmeldungData> = {
  serviceId: 'abmeldung',
  dataSchema: abmeldungDataSchema,
  form,
  initialData(facts) {
    const current = (facts.subject?.residences ?? []).filter((residence) => residence.movedOut === null);
    if (current.length === 1) return { giveUp: current[0]!.kind === 'haupt' ? 'hauptwohnung' : 'nebenwohnung' };
    return {};
  },
  feeInput(_data, facts) {
    return { serviceId: 'abmeldung', applicationDate: facts.today, birthDate: facts.subject?.birthDate ?? null };
  },
  validateCapture(data, facts) {
    return analyse(data, facts).violations;
  },
  notices,
  complete,
};
