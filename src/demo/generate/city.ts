import type { PersonRecord } from '../../register/record.ts';
import { dayOf, fromDay } from './dates.ts';
import { createSerialAllocator } from './documents.ts';
import { bochumAgs, bochumName } from './geography.ts';
import { generateHousehold, singlePerson } from './households.ts';
import { careHomeResident, careHomes, type InstitutionSpec } from './institutions.ts';
import { demoKits, type KitSpec } from './kits.ts';
import type { GenerationContext, Member } from './people.ts';
import { frauKFamily, frauKHomeName } from './personas.ts';
import { createRng, deriveSeed } from './random.ts';

export interface GenerateCityOptions {
  /** Number of person records, the deceased (about 1 %) included. */
  residents: number;
  seed: number;
  /** "Today" of the generated register: ages, moves and document validity are relative to it. */
  referenceDate: Date;
}

export interface DemoCity {
  municipality: { ags: string; name: string };
  referenceDate: string;
  residents: number;
  institutions: InstitutionSpec[];
  kits: KitSpec[];
  /** The persons household by household; relations never point outside a household. Restartable. */
  households(): Generator<PersonRecord[]>;
  persons(): Generator<PersonRecord>;
  /** Batches of at least `size` records (except the last) that never split a household. */
  batches(size: number): Generator<PersonRecord[]>;
}

export const minResidents = 50;
export const maxResidents = 1_000_000;
/** The city size at which every care home is as full as in reality. */
const fullCareHomesAt = 20_000;

export function formatRef(n: number): string {
  return `BO-${String(n).padStart(7, '0')}`;
}

/**
 * The synthetic Bochum. Pure and deterministic: the same options give the same city, record
 * by record. Persons are produced lazily, so a million residents never sit in memory at once.
 */
export function generateCity(options: GenerateCityOptions): DemoCity {
  const { residents, seed } = options;
  if (!Number.isInteger(residents) || residents < minResidents || residents > maxResidents) {
    throw new RangeError(`residents must be a whole number from ${minResidents} to ${maxResidents}, not ${residents}`);
  }
  const today = fromDay(dayOf(options.referenceDate));
  const institutions = careHomes();
  const kits = demoKits(today);

  function* households(): Generator<PersonRecord[]> {
    let refs = 0;
    const ctx: GenerationContext = {
      rng: createRng(deriveSeed(seed, 'persons')),
      today,
      todayDay: dayOf(options.referenceDate),
      nextRef: () => formatRef((refs += 1)),
      // Each seed starts elsewhere in the number space, so two demo cities rarely share a number.
      serial: createSerialAllocator(deriveSeed(seed, 'serials') % 10_000_000),
    };
    let emitted = 0;
    const emit = (unit: Member[]): PersonRecord[] => {
      const taken = unit.slice(0, residents - emitted);
      emitted += taken.length;
      return withoutDanglingRelations(taken.map((m) => m.record));
    };
    const home = institutions.find((i) => i.name === frauKHomeName);
    if (!home) throw new Error(`${frauKHomeName} missing from the care homes`);
    yield emit(frauKFamily(ctx, home));

    const scale = Math.min(1, residents / fullCareHomesAt);
    for (const institution of institutions) {
      const occupancy = Math.max(1, Math.round(institution.capacity * scale * (0.88 + ctx.rng.next() * 0.12)));
      const places = institution === home ? occupancy - 1 : occupancy;
      for (let i = 0; i < places && emitted < residents; i += 1) yield emit(careHomeResident(ctx, institution));
    }
    while (emitted < residents) {
      const unit = residents - emitted <= 4 ? singlePerson(ctx) : generateHousehold(ctx);
      yield emit(unit);
    }
  }

  return {
    municipality: { ags: bochumAgs, name: bochumName },
    referenceDate: today,
    residents,
    institutions,
    kits,
    households,
    *persons() {
      for (const unit of households()) yield* unit;
    },
    *batches(size: number) {
      let batch: PersonRecord[] = [];
      for (const unit of households()) {
        batch.push(...unit);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

/** A household cut short at the end of the city keeps no relation to the members left out. */
function withoutDanglingRelations(records: PersonRecord[]): PersonRecord[] {
  const refs = new Set(records.map((r) => r.ref));
  for (const record of records) {
    record.relations = record.relations.filter((relation) => !relation.ref || refs.has(relation.ref));
  }
  return records;
}
