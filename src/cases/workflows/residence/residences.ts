/**
 * Haupt- und Nebenwohnung (BMG §§ 20–22): a person has exactly one Hauptwohnung. When the new
 * flat becomes the Hauptwohnung, the present one either is given up (move out) or becomes a
 * Nebenwohnung — the person decides, the officer asks (there is no default, the law does not
 * presume one). A new Nebenwohnung leaves the Hauptwohnung as it is. The plan says which
 * register changes follow and which Wohnungsstatus the new flat has (alleinige Wohnung when it is
 * the person's only one).
 */
import type { AddressFacts, RegisterChange, ResidenceFacts, Violation } from '../../workflow.ts';
import { violation } from '../text.ts';
import type { ResidenceStatus } from './meldebestaetigung.ts';
import { displayName, formatAddress, sameFlat, type MovingPerson } from './model.ts';

export type PreviousHauptwohnungDecision = 'move_out' | 'becomes_neben' | 'keep';

export interface ResidencePlanInput {
  newKind: 'haupt' | 'neben';
  newFlat: AddressFacts | null;
  decision: PreviousHauptwohnungDecision | undefined;
  /** Further residences the person gives up with this move (ids of their current residences). */
  givenUp: string[];
  /** The person keeps a flat outside this municipality (so the new one is not their only flat). */
  keepsFlatElsewhere: boolean;
  /** Ummeldung: the person must keep a Hauptwohnung in this register. */
  requireHauptwohnungHere: boolean;
  decisionField: string;
}

export interface ResidencePlan {
  moveOuts: ResidenceFacts[];
  toNeben: ResidenceFacts[];
  status: ResidenceStatus;
}

export function planResidences(person: MovingPerson, input: ResidencePlanInput): { plan: ResidencePlan; violations: Violation[] } {
  const out: Violation[] = [];
  const current = person.residences.filter((residence) => residence.movedOut === null);
  const name = displayName(person);
  for (const id of input.givenUp) {
    if (!current.some((residence) => residence.residenceId === id)) {
      out.push(violation('RESIDENCE_GIVEN_UP_UNKNOWN', 'givenUpResidenceIds',
        `Die Wohnung ${id} ist keine aktuelle Wohnung von ${name}. Wählen Sie eine der eingetragenen Wohnungen.`,
        `Residence ${id} is not a current residence of ${name}. Choose one of the registered residences.`));
    }
  }
  const moveOuts = current.filter((residence) => input.givenUp.includes(residence.residenceId));
  const toNeben: ResidenceFacts[] = [];
  if (input.newFlat) {
    const same = current.find((residence) => sameFlat(residence.address, input.newFlat!) && !input.givenUp.includes(residence.residenceId));
    if (same) {
      out.push(violation('RESIDENCE_ALREADY_REGISTERED_THERE', 'newAddress',
        `${name} ist in ${formatAddress(same.address)} bereits als ${same.kind === 'haupt' ? 'Hauptwohnung' : 'Nebenwohnung'} gemeldet. Ein Einzug in dieselbe Wohnung ist keine Meldung; für einen Wechsel von Haupt- und Nebenwohnung nehmen Sie eine Statusänderung auf.`,
        `${name} is already registered at ${formatAddress(same.address)} (${same.kind === 'haupt' ? 'Hauptwohnung' : 'Nebenwohnung'}). Moving into the same flat is no registration; to swap Haupt- and Nebenwohnung record a change of status.`));
    }
  }
  const haupt = current.find((residence) => residence.kind === 'haupt' && !input.givenUp.includes(residence.residenceId));
  let hauptRemains = Boolean(haupt);
  if (haupt) {
    const where = formatAddress(haupt.address);
    if (input.newKind === 'haupt') {
      if (input.decision === 'move_out') {
        moveOuts.push(haupt);
        hauptRemains = false;
      } else if (input.decision === 'becomes_neben') {
        toNeben.push(haupt);
        hauptRemains = false;
      } else {
        out.push(violation('RESIDENCE_PREVIOUS_HAUPTWOHNUNG_DECISION', input.decisionField,
          `${name} hat die Hauptwohnung ${where}. Fragen Sie, ob diese Wohnung aufgegeben wird (Auszug) oder als Nebenwohnung bleibt, und tragen Sie das ein: eine Person hat nur eine Hauptwohnung (§ 21 BMG).`,
          `${name} has the Hauptwohnung ${where}. Ask whether it is given up (move out) or kept as a Nebenwohnung, and enter the answer: a person has only one Hauptwohnung (BMG § 21).`));
      }
    } else if (input.decision === 'move_out' || input.decision === 'becomes_neben') {
      out.push(violation('RESIDENCE_NO_HAUPTWOHNUNG_LEFT', input.decisionField,
        `Die neue Wohnung wird Nebenwohnung; gibt ${name} die Hauptwohnung ${where} auf, bliebe keine Hauptwohnung. Melden Sie die neue Wohnung als Hauptwohnung an oder behalten Sie die bisherige Hauptwohnung bei.`,
        `The new flat becomes a Nebenwohnung; if ${name} gives up the Hauptwohnung ${where}, none would remain. Register the new flat as the Hauptwohnung or keep the present Hauptwohnung.`));
    }
  }
  if (input.newKind === 'neben' && input.requireHauptwohnungHere && !hauptRemains && current.some((residence) => residence.kind === 'haupt')) {
    out.push(violation('RESIDENCE_NO_HAUPTWOHNUNG_LEFT', input.decisionField,
      `Nach dem Umzug hätte ${name} keine Hauptwohnung mehr. Melden Sie die neue Wohnung als Hauptwohnung an.`,
      `After the move ${name} would have no Hauptwohnung. Register the new flat as the Hauptwohnung.`));
  }
  const remaining = current.filter((residence) => !moveOuts.includes(residence));
  const status: ResidenceStatus = input.newKind === 'neben'
    ? 'Nebenwohnung'
    : remaining.length === 0 && !input.keepsFlatElsewhere ? 'alleinige Wohnung' : 'Hauptwohnung';
  return { plan: { moveOuts, toNeben, status }, violations: out };
}

/** The register changes of one person's plan: moves out and status changes before the move in. */
export function planChanges(person: MovingPerson, plan: ResidencePlan, moveIn: {
  address: AddressFacts; kind: 'haupt' | 'neben'; movedIn: string; movedOutOfPrevious: string; registeredOn: string;
}): RegisterChange[] {
  const target = person.personId ? { id: person.personId } : { ref: person.ref! };
  const changes: RegisterChange[] = [];
  if (person.personId) {
    for (const residence of plan.moveOuts) {
      changes.push({ kind: 'move_out', personId: person.personId, residenceId: residence.residenceId, movedOut: moveIn.movedOutOfPrevious, registeredOn: moveIn.registeredOn, destination: null });
    }
    for (const residence of plan.toNeben) {
      changes.push({ kind: 'change_residence_kind', personId: person.personId, residenceId: residence.residenceId, residenceKind: 'neben' });
    }
  }
  changes.push({ kind: 'move_in', person: target, address: moveIn.address, residenceKind: moveIn.kind, movedIn: moveIn.movedIn, registeredOn: moveIn.registeredOn });
  return changes;
}
