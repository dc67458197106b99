import {
  germanFamilyNames, polishEndings, polishStems, turkishEndings, ukrainianEndings, ukrainianStems, turkishStems, westphalianEndings, westphalianPrefixes, westphalianStems, greekFamilyNames, italianFamilyNames, otherFamilyNames, polishFamilyNames, romanianFamilyNames,
  syrianFamilyNames, turkishFamilyNames, ukrainianFamilyNames,
} from './family-names.ts';
import {
  aussiedlerGivenNames, arabicGivenNames, crossoverGivenNames, germanGivenNamesByDecade, greekGivenNames, italianGivenNames,
  otherGivenNames, polishGivenNames, romanianGivenNames, turkishGivenNames, ukrainianGivenNames, type GivenNamesBySex,
} from './given-names.ts';
import { byRank, createRng, deriveSeed, weighted, type Rng, type Weighted } from './random.ts';

export type Sex = 'm' | 'w';

/**
 * Where a family comes from: it decides names, nationalities, places of birth and when the
 * family came to Bochum (guest workers from the 1960s, Aussiedler around 1990, EU free movement
 * after 2004/2007, refugees from Syria from 2014 and from Ukraine from 2022).
 */
export interface Origin {
  id: string;
  /** Share of households. */
  weight: number;
  /** Years in which families of this origin arrived; null for families who were always here. */
  arrival: readonly [number, number] | null;
  country: string;
  birthPlaces: readonly string[];
  familyName(rng: Rng, sex: Sex): string;
  givenName(rng: Rng, sex: Sex, birthYear: number, bornInGermany: boolean): string;
  nationalities(rng: Rng, bornInGermany: boolean): string[];
  /** Chance that a family member belongs to the Roman Catholic / Protestant church. */
  religion: (age: number) => { rk: number; ev: number };
  /** Share of adults born abroad whose exact birth day is unknown to the register. */
  partialBirthDates: number;
}

const table = (entries: readonly (readonly [string, number])[]) => weighted(entries);

/**
 * The long tail of family names: most residents of a Ruhr city carry a name that is rare there.
 * Names are composed from stems and endings (and farmstead prefixes), so the city has tens of
 * thousands of distinct names; the draw falls off with a name's position in a fixed shuffled order
 * (power law), so some tail names are common and most are rare — as in a real register.
 */
function composedTail(names: readonly string[], seedLabel: string, steepness: number) {
  const order = [...new Set(names)];
  const shuffle = createRng(deriveSeed(20261125, seedLabel));
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = shuffle.int(0, i);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return {
    size: order.length,
    sample: (rng: Rng): string => order[Math.floor(order.length * rng.next() ** steepness)] as string,
  };
}

function joinStem(stem: string, ending: string): string {
  // Brink + kamp, but Hof + feld; avoid doubled letters at the seam (Brinkkamp → Brinkamp).
  return stem.toLowerCase().endsWith(ending[0] ?? '') ? `${stem}${ending.slice(1)}` : `${stem}${ending}`;
}

const westphalianTail = composedTail(westphalianStems.flatMap((stem) => westphalianEndings.flatMap((ending) => {
  const name = joinStem(stem, ending);
  return ['', ...westphalianPrefixes].map((prefix) => (prefix.endsWith('-') || prefix.endsWith(' ') ? `${prefix}${name}` : prefix ? `${prefix}${name.toLowerCase()}` : name));
})), 'westphalian', 1.6);
const polishTail = composedTail(polishStems.flatMap((stem) => polishEndings.map((ending) => joinStem(stem, ending))), 'polish', 1.4);
const germanHead = table(germanFamilyNames);
const germanTable = {
  sample(rng: Rng): string {
    const roll = rng.next();
    // The ~400 listed names cover about a quarter of Germans (Müller ≈ 0.9 %); the rest is the tail.
    if (roll < 0.3) return germanHead.sample(rng);
    return roll < 0.82 ? westphalianTail.sample(rng) : polishTail.sample(rng);
  },
};
const turkishHead = table(turkishFamilyNames);
const turkishTail = composedTail(turkishStems.flatMap((stem) => turkishEndings.map((ending) => joinStem(stem, ending))), 'turkish', 1.4);
const turkishTable = {
  sample: (rng: Rng): string => (rng.next() < 0.4 ? turkishHead.sample(rng) : turkishTail.sample(rng)),
};
const syrianTable = table(syrianFamilyNames);
const romanianTable = table(romanianFamilyNames);
const italianTable = table(italianFamilyNames);
const ukrainianHead = table(ukrainianFamilyNames);
const ukrainianTail = composedTail(ukrainianStems.flatMap((stem) => ukrainianEndings.map((ending) => `${stem}${ending}`)), 'ukrainian', 1.3);
const ukrainianTable = {
  sample: (rng: Rng): string => (rng.next() < 0.35 ? ukrainianHead.sample(rng) : ukrainianTail.sample(rng)),
};
const polishHead = gendered(polishFamilyNames);
/** Recent Polish immigrants: the common names, or a composed one (feminine -ska where Polish has it). */
function polishImmigrantName(rng: Rng, sex: Sex): string {
  if (rng.next() < 0.4) return polishHead(rng, sex);
  const name = polishTail.sample(rng);
  return sex === 'w' && name.endsWith('ski') ? `${name.slice(0, -1)}a` : name;
}

function gendered(entries: readonly (readonly [[string, string], number])[]) {
  const t = weighted(entries.map(([forms, w]) => [forms, w] as const));
  return (rng: Rng, sex: Sex) => {
    const [m, w] = t.sample(rng);
    return sex === 'w' ? w : m;
  };
}

const rankedBySex = (names: GivenNamesBySex) => ({ w: byRank(names.w, 0.7), m: byRank(names.m, 0.7) });
const germanByDecade = new Map<number, { w: Weighted<string>; m: Weighted<string> }>(
  Object.entries(germanGivenNamesByDecade).map(([decade, names]) => [Number(decade), rankedBySex(names)]),
);

export function germanGivenName(rng: Rng, sex: Sex, birthYear: number): string {
  // Parents pick names that were fashionable around the birth year, not exactly in its decade.
  const year = birthYear + rng.int(-4, 4);
  const decade = Math.min(2020, Math.max(1910, Math.floor(year / 10) * 10));
  const names = germanByDecade.get(decade);
  if (!names) throw new Error(`no given names for the ${decade}s`);
  return names[sex].sample(rng);
}

const givenFrom = (names: GivenNamesBySex) => {
  const ranked = rankedBySex(names);
  return (rng: Rng, sex: Sex) => ranked[sex].sample(rng);
};

const churchByAge = (rk: number, ev: number) => (age: number) => {
  // Older Bochumers are far more often church members; leaving the church is a younger habit.
  const factor = 0.55 + Math.min(age, 90) / 90 * 0.9;
  return { rk: Math.min(0.6, rk * factor), ev: Math.min(0.6, ev * factor) };
};
const noChurch = () => ({ rk: 0, ev: 0 });

const ukrainianCities = ['Kyjiw', 'Charkiw', 'Odesa', 'Dnipro', 'Saporischschja', 'Lwiw', 'Mariupol'];

const turkishGiven = givenFrom(turkishGivenNames);
const crossoverGiven = givenFrom(crossoverGivenNames);
const otherTable = weighted(otherFamilyNames.map(([forms, w, country]) => [{ forms, country }, w] as const));

export const origins: readonly Origin[] = [
  {
    id: 'de', weight: 78.5, arrival: null, country: 'DE', birthPlaces: [],
    familyName: (rng) => germanTable.sample(rng),
    givenName: (rng, sex, birthYear) => germanGivenName(rng, sex, birthYear),
    nationalities: () => ['DE'],
    religion: churchByAge(0.27, 0.25),
    partialBirthDates: 0,
  },
  {
    id: 'tr_de', weight: 4, arrival: [1962, 1975], country: 'TR', birthPlaces: ['Istanbul', 'Ankara', 'Izmir', 'Konya', 'Trabzon', 'Kayseri'],
    familyName: (rng) => turkishTable.sample(rng),
    givenName: (rng, sex, birthYear, bornInGermany) =>
      bornInGermany && birthYear >= 1995 && rng.chance(0.4) ? crossoverGiven(rng, sex) : turkishGiven(rng, sex),
    nationalities: (rng, bornInGermany) => (bornInGermany ? (rng.chance(0.55) ? ['DE'] : ['DE', 'TR']) : rng.chance(0.5) ? ['TR'] : ['DE', 'TR']),
    religion: noChurch,
    partialBirthDates: 0.05,
  },
  {
    id: 'tr', weight: 2.3, arrival: [1985, 2024], country: 'TR', birthPlaces: ['Istanbul', 'Ankara', 'Izmir', 'Gaziantep', 'Adana', 'Samsun'],
    familyName: (rng) => turkishTable.sample(rng),
    givenName: (rng, sex) => turkishGiven(rng, sex),
    nationalities: () => ['TR'],
    religion: noChurch,
    partialBirthDates: 0.02,
  },
  {
    id: 'pl', weight: 1.3, arrival: [1990, 2024], country: 'PL', birthPlaces: ['Kattowitz', 'Gleiwitz', 'Oppeln', 'Breslau', 'Krakau', 'Posen', 'Danzig'],
    familyName: polishImmigrantName,
    givenName: givenFrom(polishGivenNames),
    nationalities: (rng, bornInGermany) => (bornInGermany || rng.chance(0.15) ? ['DE', 'PL'] : ['PL']),
    religion: () => ({ rk: 0.65, ev: 0.02 }),
    partialBirthDates: 0,
  },
  {
    id: 'sy', weight: 1.9, arrival: [2014, 2017], country: 'SY', birthPlaces: ['Damaskus', 'Aleppo', 'Homs', 'Hama', 'Latakia', 'Deir ez-Zor', 'Qamischli'],
    familyName: (rng) => syrianTable.sample(rng),
    givenName: givenFrom(arabicGivenNames),
    // Many who came in 2015 have been naturalised since.
    nationalities: (rng, bornInGermany) => (bornInGermany ? (rng.chance(0.3) ? ['DE', 'SY'] : ['SY']) : rng.chance(0.2) ? ['DE', 'SY'] : ['SY']),
    religion: noChurch,
    partialBirthDates: 0.18,
  },
  {
    id: 'ro', weight: 0.9, arrival: [2007, 2024], country: 'RO', birthPlaces: ['Bukarest', 'Cluj-Napoca', 'Timișoara', 'Iași', 'Craiova', 'Constanța'],
    familyName: (rng) => romanianTable.sample(rng),
    givenName: givenFrom(romanianGivenNames),
    nationalities: () => ['RO'],
    religion: () => ({ rk: 0.08, ev: 0.02 }),
    partialBirthDates: 0,
  },
  {
    id: 'it', weight: 0.7, arrival: [1958, 1975], country: 'IT', birthPlaces: ['Neapel', 'Palermo', 'Bari', 'Catania', 'Reggio Calabria', 'Lecce'],
    familyName: (rng) => italianTable.sample(rng),
    givenName: givenFrom(italianGivenNames),
    nationalities: (rng, bornInGermany) => (bornInGermany && rng.chance(0.4) ? ['DE', 'IT'] : ['IT']),
    religion: () => ({ rk: 0.7, ev: 0.01 }),
    partialBirthDates: 0,
  },
  {
    id: 'gr', weight: 0.6, arrival: [1960, 1975], country: 'GR', birthPlaces: ['Thessaloniki', 'Athen', 'Kavala', 'Ioannina', 'Drama', 'Serres'],
    familyName: gendered(greekFamilyNames),
    givenName: givenFrom(greekGivenNames),
    nationalities: (rng, bornInGermany) => (bornInGermany && rng.chance(0.4) ? ['DE', 'GR'] : ['GR']),
    religion: noChurch,
    partialBirthDates: 0,
  },
  {
    id: 'ua', weight: 1.4, arrival: [2022, 2025], country: 'UA', birthPlaces: ukrainianCities,
    familyName: (rng) => ukrainianTable.sample(rng),
    givenName: givenFrom(ukrainianGivenNames),
    nationalities: () => ['UA'],
    religion: noChurch,
    partialBirthDates: 0,
  },
  {
    id: 'aussiedler', weight: 2.5, arrival: [1988, 2000], country: 'KZ', birthPlaces: ['Karaganda', 'Pawlodar', 'Omsk', 'Nowosibirsk', 'Barnaul', 'Kustanai'],
    familyName: (rng) => germanTable.sample(rng),
    givenName: (rng, sex, birthYear, bornInGermany) =>
      bornInGermany ? germanGivenName(rng, sex, birthYear) : givenFrom(aussiedlerGivenNames)(rng, sex),
    nationalities: (rng, bornInGermany) => (!bornInGermany && rng.chance(0.08) ? ['DE', 'RU'] : ['DE']),
    religion: () => ({ rk: 0.12, ev: 0.35 }),
    partialBirthDates: 0,
  },
];

/** The "other" origins share one table of family names; each name carries its country. */
const otherBirthPlaces: Readonly<Record<string, readonly string[]>> = {
  BG: ['Sofia', 'Plowdiw', 'Warna'], XK: ['Pristina', 'Prizren', 'Peja'], IQ: ['Mossul', 'Dohuk', 'Erbil', 'Sindschar'],
  HR: ['Zagreb', 'Split', 'Osijek'], ES: ['Madrid', 'Sevilla', 'Valencia'], AF: ['Kabul', 'Herat', 'Masar-e Scharif'],
  VN: ['Hanoi', 'Hải Phòng', 'Ho-Chi-Minh-Stadt'], NG: ['Lagos', 'Enugu'], RU: ['Moskau', 'Sankt Petersburg', 'Kasan'],
  PT: ['Porto', 'Lissabon', 'Braga'], CN: ['Shanghai', 'Peking', 'Wuhan'], IN: ['Bangalore', 'Pune', 'Chennai'], IR: ['Teheran', 'Isfahan', 'Schiras'],
};

const otherOrigins = new Map<string, Origin>();

export function otherOrigin(rng: Rng): Origin {
  const { forms, country } = otherTable.sample(rng);
  const key = `${country}|${forms[0]}`;
  const known = otherOrigins.get(key);
  if (known) return known;
  const names = otherGivenNames[country];
  if (!names) throw new Error(`no given names for ${country}`);
  const given = givenFrom(names);
  const origin: Origin = {
    id: `other_${country}`, weight: 0, arrival: [2000, 2025], country, birthPlaces: otherBirthPlaces[country] ?? [],
    familyName: (_rng, sex) => (sex === 'w' ? forms[1] : forms[0]),
    givenName: (r, sex) => given(r, sex),
    nationalities: () => [country],
    religion: (['HR', 'ES', 'PT'].includes(country) ? () => ({ rk: 0.6, ev: 0 }) : noChurch),
    partialBirthDates: ['AF', 'IQ'].includes(country) ? 0.2 : 0,
  };
  otherOrigins.set(key, origin);
  return origin;
}

const originTable = weighted<Origin | 'other'>([...origins.map((o) => [o, o.weight] as const), ['other', 4]]);

export function sampleOrigin(rng: Rng): Origin {
  const origin = originTable.sample(rng);
  return origin === 'other' ? otherOrigin(rng) : origin;
}

export const germanOrigin = origins[0] as Origin;
