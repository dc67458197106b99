/**
 * The register keeps states as ISO 3166-1 alpha-2 codes; XMeld carries the keys of the Staats-
 * und Gebietssystematik of the Statistisches Bundesamt (Staatsangehörigkeit and Staatsgebiet
 * use the same three-digit keys for existing states). Historical states (Jugoslawien,
 * Sowjetunion, Tschechoslowakei) have no ISO code and are not listed.
 */
const destatisByIso: Record<string, string> = {
  DE: '000',
  AL: '121', BA: '122', AD: '123', BE: '124', BG: '125', DK: '126', EE: '127', FI: '128', FR: '129', HR: '130',
  SI: '131', GR: '134', IE: '135', IS: '136', IT: '137', LV: '139', ME: '140', LI: '141', LT: '142', LU: '143',
  MK: '144', MT: '145', MD: '146', MC: '147', NL: '148', NO: '149', XK: '150', AT: '151', PL: '152', PT: '153',
  RO: '154', SK: '155', SM: '156', SE: '157', CH: '158', RU: '160', ES: '161', TR: '163', CZ: '164', HU: '165',
  UA: '166', VA: '167', GB: '168', BY: '169', RS: '170', CY: '181',
  DZ: '221', AO: '223', ER: '224', ET: '225', LS: '226', BW: '227', BJ: '229', DJ: '230', CI: '231', NG: '232',
  ZW: '233', GA: '236', GM: '237', GH: '238', MR: '239', CV: '242', KE: '243', KM: '244', CG: '245', CD: '246',
  LR: '247', LY: '248', MG: '249', ML: '251', MA: '252', MU: '253', MZ: '254', NE: '255', MW: '256', ZM: '257',
  BF: '258', GW: '259', GN: '261', CM: '262', ZA: '263', RW: '265', NA: '267', ST: '268', SN: '269', SC: '271',
  SL: '272', SO: '273', GQ: '274', SD: '277', SS: '278', SZ: '281', TZ: '282', TG: '283', TD: '284', TN: '285',
  UG: '286', EG: '287', CF: '289', BI: '291',
  AG: '320', BB: '322', AR: '323', BS: '324', BO: '326', BR: '327', GY: '328', BZ: '330', CL: '332', DM: '333',
  CR: '334', DO: '335', EC: '336', SV: '337', GD: '340', GT: '345', HT: '346', HN: '347', CA: '348', CO: '349',
  CU: '351', MX: '353', NI: '354', JM: '355', PA: '357', PY: '359', PE: '361', SR: '364', UY: '365', LC: '366',
  VE: '367', US: '368', VC: '369', KN: '370', TT: '371',
  HK: '411', MO: '412', YE: '421', AM: '422', AF: '423', BH: '424', AZ: '425', BT: '426', MM: '427', BN: '429',
  GE: '430', LK: '431', VN: '432', KP: '434', IN: '436', ID: '437', IQ: '438', IR: '439', IL: '441', JP: '442',
  KZ: '444', JO: '445', KH: '446', QA: '447', KW: '448', LA: '449', KG: '450', LB: '451', MV: '454', OM: '456',
  MN: '457', NP: '458', PS: '459', BD: '460', PK: '461', PH: '462', TW: '465', KR: '467', AE: '469', TJ: '470',
  TM: '471', SA: '472', SG: '474', SY: '475', TH: '476', UZ: '477', CN: '479', MY: '482', TL: '483',
  AU: '523', SB: '524', FJ: '526', KI: '530', NR: '531', VU: '532', NZ: '536', PW: '537', PG: '538', TV: '540',
  TO: '541', WS: '543', MH: '544', FM: '545',
};

/** Key for "ungeklärt" (unresolved) when the register holds a code the table does not know. */
export const destatisUnresolved = '998';
/** Key for stateless persons, written XX or XXA (the ICAO 9303 codes for "stateless"). */
export const destatisStateless = '997';

export function destatisStateCode(iso: string): string {
  const code = iso.trim().toUpperCase();
  if (code === 'XX' || code === 'XXA') return destatisStateless;
  return destatisByIso[code] ?? destatisUnresolved;
}
