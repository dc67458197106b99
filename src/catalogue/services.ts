/**
 * The services of the Bürgerkoffer (DESIGN §5): what each one is called, its federal service key
 * (FIM/LeiKa, where known — configurable, see DESIGN ⚠), how long it takes at the bedside, who may
 * apply for the data subject and what it produces. The workflows (cases/workflows/) hold the rules;
 * this file is the catalogue the UI, the planner and the fee engine share.
 */
export const serviceIds = [
  'personalausweis',
  'vorlaeufiger_personalausweis',
  'reisepass',
  'vorlaeufiger_reisepass',
  'eid_address_change',
  'eid_pin_reset',
  'eid_activation',
  'anmeldung',
  'ummeldung',
  'abmeldung',
  'fuehrungszeugnis',
  'beglaubigung_kopie',
  'beglaubigung_unterschrift',
  'meldebescheinigung',
  'lebensbescheinigung',
  'befreiung_ausweispflicht',
] as const;
export type ServiceId = (typeof serviceIds)[number];

export function isServiceId(value: string): value is ServiceId {
  return (serviceIds as readonly string[]).includes(value);
}

/** A text in the two languages of the office UI. Documents themselves are German. */
export interface Text {
  de: string;
  en: string;
}

/**
 * Who may act for the data subject (DESIGN §5): nobody but the person for ID documents and the
 * Führungszeugnis, except a gesetzlicher Vertreter; anybody with authority for registrations.
 */
export type ProxyRule = 'in_person_or_legal_representative' | 'in_person_only' | 'any_authorised';

export interface ServiceDefinition {
  id: ServiceId;
  name: Text;
  /** Group in the UI's service picker. */
  group: 'id_documents' | 'eid_terminal' | 'residence' | 'certificates';
  /** urn:de:fim:leika:leistung:… where known. */
  leikaKey: string | null;
  /** Minutes of capture per person at the bedside, for the planner (DESIGN §5: about 15). */
  captureMinutes: number;
  proxy: ProxyRule;
  /** Evidence the citizen should have ready (the visit letter's checklist). */
  evidence: Text[];
}

const leika = (key: string) => `urn:de:fim:leika:leistung:${key}`;

export const services: Record<ServiceId, ServiceDefinition> = {
  personalausweis: {
    id: 'personalausweis', group: 'id_documents', leikaKey: leika('99008001012000'), captureMinutes: 15, proxy: 'in_person_or_legal_representative',
    name: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    evidence: [{ de: 'bisheriger Ausweis oder Reisepass', en: 'previous identity card or passport' }, { de: 'Lichtbild-Code, falls vorhanden', en: 'photo code, if any' }],
  },
  vorlaeufiger_personalausweis: {
    id: 'vorlaeufiger_personalausweis', group: 'id_documents', leikaKey: null, captureMinutes: 10, proxy: 'in_person_or_legal_representative',
    name: { de: 'Vorläufigen Personalausweis beantragen', en: 'Apply for a provisional identity card' },
    evidence: [{ de: 'bisheriger Ausweis oder Reisepass', en: 'previous identity card or passport' }, { de: 'biometrisches Lichtbild', en: 'biometric photo' }],
  },
  reisepass: {
    id: 'reisepass', group: 'id_documents', leikaKey: leika('99085001012000'), captureMinutes: 15, proxy: 'in_person_or_legal_representative',
    name: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    evidence: [{ de: 'bisheriger Reisepass oder Ausweis', en: 'previous passport or identity card' }],
  },
  vorlaeufiger_reisepass: {
    id: 'vorlaeufiger_reisepass', group: 'id_documents', leikaKey: null, captureMinutes: 10, proxy: 'in_person_or_legal_representative',
    name: { de: 'Vorläufigen Reisepass beantragen', en: 'Apply for a provisional passport' },
    evidence: [{ de: 'bisheriger Reisepass oder Ausweis', en: 'previous passport or identity card' }, { de: 'biometrisches Lichtbild', en: 'biometric photo' }],
  },
  eid_address_change: {
    id: 'eid_address_change', group: 'eid_terminal', leikaKey: null, captureMinutes: 5, proxy: 'any_authorised',
    name: { de: 'Anschrift im Chip ändern', en: 'Change the address on the eID chip' },
    evidence: [{ de: 'Personalausweis oder eID-Karte', en: 'identity card or eID card' }],
  },
  eid_pin_reset: {
    id: 'eid_pin_reset', group: 'eid_terminal', leikaKey: null, captureMinutes: 5, proxy: 'in_person_only',
    name: { de: 'PIN neu setzen', en: 'Set a new PIN' },
    evidence: [{ de: 'Personalausweis', en: 'identity card' }],
  },
  eid_activation: {
    id: 'eid_activation', group: 'eid_terminal', leikaKey: null, captureMinutes: 5, proxy: 'in_person_only',
    name: { de: 'Online-Ausweisfunktion einschalten', en: 'Switch on the eID function' },
    evidence: [{ de: 'Personalausweis', en: 'identity card' }],
  },
  anmeldung: {
    id: 'anmeldung', group: 'residence', leikaKey: leika('99115005104000'), captureMinutes: 10, proxy: 'any_authorised',
    name: { de: 'Anmeldung (Zuzug)', en: 'Register a move into the city' },
    evidence: [{ de: 'Wohnungsgeberbestätigung', en: 'landlord\'s confirmation (Wohnungsgeberbestätigung)' }, { de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }],
  },
  ummeldung: {
    id: 'ummeldung', group: 'residence', leikaKey: null, captureMinutes: 10, proxy: 'any_authorised',
    name: { de: 'Ummeldung (Umzug innerhalb der Stadt)', en: 'Register a move within the city' },
    evidence: [{ de: 'Wohnungsgeberbestätigung', en: 'landlord\'s confirmation (Wohnungsgeberbestätigung)' }, { de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }],
  },
  abmeldung: {
    id: 'abmeldung', group: 'residence', leikaKey: null, captureMinutes: 5, proxy: 'any_authorised',
    name: { de: 'Abmeldung (Wegzug ins Ausland, Aufgabe einer Nebenwohnung)', en: 'Deregister (moving abroad, giving up a secondary residence)' },
    evidence: [{ de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }],
  },
  fuehrungszeugnis: {
    id: 'fuehrungszeugnis', group: 'certificates', leikaKey: null, captureMinutes: 5, proxy: 'in_person_or_legal_representative',
    name: { de: 'Führungszeugnis beantragen', en: 'Apply for a certificate of conduct' },
    evidence: [{ de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }, { de: 'für das erweiterte Führungszeugnis: schriftliche Aufforderung', en: 'for the extended certificate: the written request' }],
  },
  beglaubigung_kopie: {
    id: 'beglaubigung_kopie', group: 'certificates', leikaKey: null, captureMinutes: 5, proxy: 'any_authorised',
    name: { de: 'Kopie beglaubigen', en: 'Certify a copy' },
    evidence: [{ de: 'Original des Dokuments', en: 'the original document' }],
  },
  beglaubigung_unterschrift: {
    id: 'beglaubigung_unterschrift', group: 'certificates', leikaKey: null, captureMinutes: 5, proxy: 'in_person_only',
    name: { de: 'Unterschrift beglaubigen', en: 'Certify a signature' },
    evidence: [{ de: 'Schriftstück (noch nicht unterschrieben)', en: 'the document (not yet signed)' }, { de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }],
  },
  meldebescheinigung: {
    id: 'meldebescheinigung', group: 'certificates', leikaKey: null, captureMinutes: 3, proxy: 'any_authorised',
    name: { de: 'Meldebescheinigung', en: 'Certificate of registration' },
    evidence: [{ de: 'Personalausweis oder Reisepass', en: 'identity card or passport' }],
  },
  lebensbescheinigung: {
    id: 'lebensbescheinigung', group: 'certificates', leikaKey: null, captureMinutes: 3, proxy: 'in_person_only',
    name: { de: 'Lebensbescheinigung', en: 'Life certificate' },
    evidence: [{ de: 'Formular der Rentenstelle, falls vorhanden', en: 'the pension office\'s form, if any' }],
  },
  befreiung_ausweispflicht: {
    id: 'befreiung_ausweispflicht', group: 'id_documents', leikaKey: null, captureMinutes: 5, proxy: 'in_person_or_legal_representative',
    name: { de: 'Befreiung von der Ausweispflicht', en: 'Exemption from the duty to hold an ID card' },
    evidence: [{ de: 'ärztliches Attest oder Nachweis der Unterbringung', en: 'medical certificate or proof of placement' }],
  },
};
