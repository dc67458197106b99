import type { AddressRecord } from '../../register/record.ts';
import type { Rng } from './random.ts';
import { weighted } from './random.ts';

export const bochumAgs = '05911000';
export const bochumName = 'Bochum';

/** A street of a district: its name and the house numbers it has there. */
export interface StreetSpec {
  name: string;
  from: number;
  to: number;
}

export interface District {
  name: string;
  postcode: string;
  /** Centre of the district's built-up area. */
  latitude: number;
  longitude: number;
  /** Relative share of the city's population. */
  weight: number;
  streets: readonly StreetSpec[];
}

const s = (name: string, from: number, to: number): StreetSpec => ({ name, from, to });

/**
 * Stadtteile of Bochum with real street names, their postcodes and approximate centres.
 * Long roads (Hattinger Straße, Wittener Straße) run through several districts; each district
 * gets its own stretch of house numbers, as in reality.
 */
export const districts: readonly District[] = [
  {
    name: 'Innenstadt', postcode: '44787', latitude: 51.4818, longitude: 7.2162, weight: 16, streets: [
      s('Kortumstraße', 1, 160), s('Huestraße', 1, 40), s('Massenbergstraße', 1, 30), s('Viktoriastraße', 1, 90),
      s('Brückstraße', 1, 70), s('Bongardstraße', 1, 40), s('Grabenstraße', 1, 40), s('Südring', 1, 40),
      s('Westring', 1, 50), s('Luisenstraße', 1, 30), s('Rottstraße', 1, 40), s('Hans-Böckler-Straße', 1, 30),
      s('Stühmeyerstraße', 1, 60), s('Alleestraße', 1, 140),
    ],
  },
  {
    name: 'Innenstadt-Nord', postcode: '44791', latitude: 51.4905, longitude: 7.2255, weight: 8, streets: [
      s('Castroper Straße', 1, 210), s('Herner Straße', 1, 120), s('Josephinenstraße', 1, 60), s('Nordring', 1, 60),
      s('Ostring', 1, 40), s('Bergstraße', 1, 150), s('Klinikstraße', 1, 60), s('Vödestraße', 1, 50),
    ],
  },
  {
    name: 'Ehrenfeld', postcode: '44789', latitude: 51.4712, longitude: 7.2095, weight: 10, streets: [
      s('Königsallee', 1, 140), s('Ehrenfeldstraße', 1, 60), s('Drusenbergstraße', 1, 120), s('Oskar-Hoffmann-Straße', 1, 160),
      s('Hattinger Straße', 1, 120), s('Alsenstraße', 1, 50), s('Arndtstraße', 1, 40), s('Moltkestraße', 1, 40),
    ],
  },
  {
    name: 'Wiemelhausen', postcode: '44799', latitude: 51.4585, longitude: 7.2280, weight: 10, streets: [
      s('Wiemelhauser Straße', 1, 260), s('Markstraße', 1, 150), s('Universitätsstraße', 1, 120), s('Steinring', 1, 60),
      s('Farnstraße', 1, 40), s('Prinz-Regent-Straße', 1, 110), s('Glockengarten', 1, 70), s('Brenscheder Straße', 1, 120),
    ],
  },
  {
    name: 'Hamme', postcode: '44793', latitude: 51.4905, longitude: 7.1960, weight: 9, streets: [
      s('Dorstener Straße', 1, 200), s('Hordeler Straße', 1, 120), s('Amtsstraße', 1, 40), s('Gahlensche Straße', 1, 180),
      s('Feldsieper Straße', 1, 90), s('Freigrafendamm', 1, 60), s('Bessemerstraße', 1, 80), s('Zechenstraße', 1, 40),
    ],
  },
  {
    name: 'Hofstede', postcode: '44809', latitude: 51.4995, longitude: 7.2050, weight: 5, streets: [
      s('Hofsteder Straße', 1, 160), s('Dorstener Straße', 201, 420), s('Riemker Straße', 1, 80), s('Am Hausacker', 1, 40),
    ],
  },
  {
    name: 'Riemke', postcode: '44807', latitude: 51.5100, longitude: 7.2180, weight: 5, streets: [
      s('Herner Straße', 121, 420), s('Tippelsberger Straße', 1, 90), s('Am Tippelsberg', 1, 40), s('Riemker Straße', 81, 160),
    ],
  },
  {
    name: 'Laer', postcode: '44803', latitude: 51.4720, longitude: 7.2620, weight: 8, streets: [
      s('Wittener Straße', 1, 260), s('Alte Wittener Straße', 1, 80), s('Laerfeldstraße', 1, 60), s('Unterfeldstraße', 1, 40),
      s('Laerheidestraße', 1, 50), s('Schmechtingstraße', 1, 70),
    ],
  },
  {
    name: 'Gerthe', postcode: '44805', latitude: 51.5210, longitude: 7.2780, weight: 9, streets: [
      s('Castroper Hellweg', 1, 120), s('Lothringer Straße', 1, 90), s('Gerther Straße', 1, 60), s('Hiltroper Landwehr', 1, 80),
      s('Harpener Hellweg', 1, 150), s('Heinrichstraße', 1, 40),
    ],
  },
  {
    name: 'Langendreer', postcode: '44892', latitude: 51.4745, longitude: 7.3200, weight: 12, streets: [
      s('Alte Bahnhofstraße', 1, 200), s('Hauptstraße', 1, 300), s('Ümminger Straße', 1, 120), s('Unterstraße', 1, 110),
      s('Oberstraße', 1, 90), s('Stockumer Straße', 1, 140), s('Ovelackerstraße', 1, 40), s('Somborner Straße', 1, 90),
    ],
  },
  {
    name: 'Werne', postcode: '44894', latitude: 51.4880, longitude: 7.3000, weight: 7, streets: [
      s('Kreyenfeldstraße', 1, 90), s('Werner Hellweg', 1, 600), s('Heinrich-Gustav-Straße', 1, 70), s('Wittekindstraße', 1, 50),
      s('Rüsingstraße', 1, 60),
    ],
  },
  {
    name: 'Querenburg', postcode: '44801', latitude: 51.4480, longitude: 7.2620, weight: 10, streets: [
      s('Hustadtring', 1, 160), s('Querenburger Höhe', 1, 300), s('Laerholzstraße', 1, 80), s('Auf dem Backenberg', 1, 40),
      s('Markstraße', 151, 420), s('Universitätsstraße', 121, 160), s('Girondelle', 1, 90),
    ],
  },
  {
    name: 'Stiepel', postcode: '44797', latitude: 51.4330, longitude: 7.2450, weight: 6, streets: [
      s('Kemnader Straße', 1, 400), s('Haarstraße', 1, 90), s('Brockhauser Straße', 1, 80), s('Varenholtstraße', 1, 120),
      s('Im Haarmannsbusch', 1, 70),
    ],
  },
  {
    name: 'Weitmar', postcode: '44795', latitude: 51.4560, longitude: 7.2030, weight: 12, streets: [
      s('Hattinger Straße', 121, 420), s('Karl-Friedrich-Straße', 1, 150), s('Schloßstraße', 1, 60), s('Kohlenstraße', 1, 200),
      s('Bärendorfer Straße', 1, 110), s('Blumenfeldstraße', 1, 90), s('Matthäusstraße', 1, 40),
    ],
  },
  {
    name: 'Linden', postcode: '44879', latitude: 51.4435, longitude: 7.1620, weight: 8, streets: [
      s('Hattinger Straße', 421, 900), s('Lewackerstraße', 1, 60), s('Keilstraße', 1, 60), s('Hinnebecke', 1, 50),
      s('Donnerbecke', 1, 40), s('Am Ruhrort', 1, 30),
    ],
  },
  {
    name: 'Dahlhausen', postcode: '44879', latitude: 51.4330, longitude: 7.1400, weight: 5, streets: [
      s('Dr.-C.-Otto-Straße', 1, 200), s('Hasenwinkeler Straße', 1, 180), s('Am Varenholt', 1, 50), s('Dahlhauser Straße', 1, 120),
      s('Ruhrtalstraße', 1, 60),
    ],
  },
  {
    name: 'Wattenscheid', postcode: '44866', latitude: 51.4820, longitude: 7.1390, weight: 13, streets: [
      s('Hochstraße', 1, 80), s('Voedestraße', 1, 90), s('Westenfelder Straße', 1, 120), s('Bochumer Straße', 1, 130),
      s('Berliner Straße', 1, 60), s('Freiligrathstraße', 1, 60), s('Swidbertstraße', 1, 30), s('Propst-Hellmich-Promenade', 1, 30),
      s('Lohackerstraße', 1, 40), s('Oststraße', 1, 70), s('Günnigfelder Straße', 1, 190),
    ],
  },
  {
    name: 'Westenfeld', postcode: '44867', latitude: 51.4700, longitude: 7.1200, weight: 4, streets: [
      s('Westenfelder Straße', 121, 300), s('Ridderstraße', 1, 60), s('Sommerdellenstraße', 1, 130),
    ],
  },
  {
    name: 'Höntrop', postcode: '44869', latitude: 51.4650, longitude: 7.1500, weight: 6, streets: [
      s('Höntroper Straße', 1, 130), s('Wattenscheider Hellweg', 1, 200), s('Eppendorfer Straße', 1, 60), s('Munscheidstraße', 1, 50),
    ],
  },
];

export const districtByName = (name: string): District => {
  const district = districts.find((d) => d.name === name);
  if (!district) throw new Error(`unknown district ${name}`);
  return district;
};

const districtTable = weighted(districts.map((d) => [d, d.weight] as const));

export function sampleDistrict(rng: Rng): District {
  return districtTable.sample(rng);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * Coordinates of a house: a pure function of district, street and number, so every resident
 * of one house — and the care home's own address row — get the same point. Each street is a
 * short straight line through the district; numbers run along it.
 */
export function coordinatesOf(district: District, street: StreetSpec, houseNumber: number): { latitude: number; longitude: number } {
  const h = hash(`${district.name}|${street.name}`);
  const centreLat = district.latitude + (((h & 0xff) / 255) - 0.5) * 0.012;
  const centreLon = district.longitude + ((((h >>> 8) & 0xff) / 255) - 0.5) * 0.018;
  const angle = (((h >>> 16) & 0xffff) / 0xffff) * Math.PI;
  const along = (houseNumber - street.from) / Math.max(1, street.to - street.from) - 0.5;
  const latitude = centreLat + Math.sin(angle) * along * 0.008;
  const longitude = centreLon + Math.cos(angle) * along * 0.012;
  return { latitude: round6(Math.min(51.53, Math.max(51.43, latitude))), longitude: round6(Math.min(7.35, Math.max(7.1, longitude))) };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function bochumAddress(district: District, street: StreetSpec, houseNumber: number, suffix = '', addition: string | null = null): AddressRecord {
  return {
    street: street.name,
    houseNumber: `${houseNumber}${suffix}`,
    addition,
    postcode: district.postcode,
    city: bochumName,
    ags: bochumAgs,
    ...coordinatesOf(district, street, houseNumber),
  };
}

export interface Site {
  district: string;
  street: string;
  number: number;
}

/** The houses of the care homes: nobody else lives there. */
export const careHomeSites = {
  stadtpark: { district: 'Innenstadt-Nord', street: 'Bergstraße', number: 115 },
  ehrenfeld: { district: 'Ehrenfeld', street: 'Drusenbergstraße', number: 41 },
  weitmar: { district: 'Weitmar', street: 'Kohlenstraße', number: 150 },
  wattenscheid: { district: 'Wattenscheid', street: 'Voedestraße', number: 62 },
  langendreer: { district: 'Langendreer', street: 'Alte Bahnhofstraße', number: 140 },
  stiepel: { district: 'Stiepel', street: 'Kemnader Straße', number: 312 },
  querenburg: { district: 'Querenburg', street: 'Laerholzstraße', number: 60 },
  gerthe: { district: 'Gerthe', street: 'Lothringer Straße', number: 30 },
  dahlhausen: { district: 'Dahlhausen', street: 'Dr.-C.-Otto-Straße', number: 120 },
  riemke: { district: 'Riemke', street: 'Tippelsberger Straße', number: 48 },
} as const satisfies Record<string, Site>;

const reservedHouses = new Set(Object.values(careHomeSites).map((site) => `${site.district}|${site.street}|${site.number}`));

/** A random dwelling in Bochum: district by population, street, number, now and then a letter suffix. */
export function sampleBochumAddress(rng: Rng, district: District = sampleDistrict(rng)): AddressRecord {
  const street = rng.pick(district.streets);
  let number = rng.int(street.from, street.to);
  if (reservedHouses.has(`${district.name}|${street.name}|${number}`)) number = number > street.from ? number - 1 : number + 1;
  const suffix = rng.chance(0.06) ? rng.pick(['a', 'a', 'b', 'c']) : '';
  return bochumAddress(district, street, number, suffix);
}

interface OtherCity {
  name: string;
  ags: string;
  postcodes: readonly [number, number];
  weight: number;
  authority: string;
}

/** Where people moved to Bochum from: mostly the neighbouring Ruhr cities. */
export const otherCities: readonly OtherCity[] = [
  { name: 'Herne', ags: '05916000', postcodes: [44623, 44653], weight: 10, authority: 'Stadt Herne' },
  { name: 'Dortmund', ags: '05913000', postcodes: [44135, 44388], weight: 14, authority: 'Stadt Dortmund' },
  { name: 'Essen', ags: '05113000', postcodes: [45127, 45359], weight: 12, authority: 'Stadt Essen' },
  { name: 'Gelsenkirchen', ags: '05513000', postcodes: [45879, 45899], weight: 8, authority: 'Stadt Gelsenkirchen' },
  { name: 'Witten', ags: '05954036', postcodes: [58452, 58456], weight: 7, authority: 'Stadt Witten' },
  { name: 'Hattingen', ags: '05954016', postcodes: [45525, 45529], weight: 5, authority: 'Stadt Hattingen' },
  { name: 'Recklinghausen', ags: '05562032', postcodes: [45657, 45665], weight: 4, authority: 'Stadt Recklinghausen' },
  { name: 'Düsseldorf', ags: '05111000', postcodes: [40210, 40629], weight: 4, authority: 'Landeshauptstadt Düsseldorf' },
  { name: 'Köln', ags: '05315000', postcodes: [50667, 51149], weight: 5, authority: 'Stadt Köln' },
  { name: 'Münster', ags: '05515000', postcodes: [48143, 48167], weight: 4, authority: 'Stadt Münster' },
  { name: 'Berlin', ags: '11000000', postcodes: [10115, 14199], weight: 4, authority: 'Bezirksamt Mitte von Berlin' },
  { name: 'Hamburg', ags: '02000000', postcodes: [20095, 22769], weight: 2, authority: 'Freie und Hansestadt Hamburg' },
];

const otherCityTable = weighted(otherCities.map((c) => [c, c.weight] as const));
const commonStreets = ['Hauptstraße', 'Bahnhofstraße', 'Gartenstraße', 'Schulstraße', 'Lindenstraße', 'Kirchstraße', 'Bergstraße',
  'Waldstraße', 'Ringstraße', 'Goethestraße', 'Schillerstraße', 'Friedrichstraße', 'Mozartstraße', 'Am Markt', 'Parkstraße'];

export function sampleOtherCity(rng: Rng): OtherCity {
  return otherCityTable.sample(rng);
}

/** An address in another city; the register keeps no coordinates for those. */
export function sampleOtherAddress(rng: Rng, city: OtherCity = sampleOtherCity(rng)): AddressRecord {
  return {
    street: rng.pick(commonStreets),
    houseNumber: String(rng.int(1, 120)),
    addition: null,
    postcode: String(rng.int(city.postcodes[0], city.postcodes[1])),
    city: city.name,
    ags: city.ags,
    latitude: null,
    longitude: null,
  };
}

/** The address of a given house on a named street of a district (for personas and institutions). */
export function namedAddress(districtName: string, streetName: string, houseNumber: number): AddressRecord {
  const district = districtByName(districtName);
  const street = district.streets.find((candidate) => candidate.name === streetName);
  if (!street) throw new Error(`${streetName} is not a street of ${districtName}`);
  return bochumAddress(district, street, houseNumber);
}
