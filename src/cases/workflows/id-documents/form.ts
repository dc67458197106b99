/**
 * The guided form of the ID document services, rendered generically by the office UI
 * (web/src/pages/cases/form-model.ts). Field names are the dot paths of IdDocumentData.
 */
import type { FieldSpec, FormStep, Text } from '../../workflow.ts';
import { eyeColours, fingerCodes, presentedDocumentKinds } from './data.ts';
import { fingerName } from './fingerprints.ts';
import { heightRangeCm, type IdDocumentKind } from './rules.ts';

const t = (de: string, en: string): Text => ({ de, en });

const documentKindLabels: Record<(typeof presentedDocumentKinds)[number], Text> = {
  personalausweis: t('Personalausweis', 'identity card'),
  reisepass: t('Reisepass', 'passport'),
  vorlaeufiger_personalausweis: t('Vorläufiger Personalausweis', 'provisional identity card'),
  vorlaeufiger_reisepass: t('Vorläufiger Reisepass', 'provisional passport'),
  kinderreisepass: t('Kinderreisepass', 'child passport'),
  other: t('anderes amtliches Dokument mit Lichtbild', 'other official photo document'),
  none: t('kein Dokument', 'no document'),
};

const withDocument = presentedDocumentKinds.filter((k) => k !== 'none');

function identityStep(kind: IdDocumentKind): FormStep {
  const fields: FieldSpec[] = [
    {
      name: 'appearance.inPerson', kind: 'boolean', required: true,
      label: t('Die Person ist persönlich anwesend', 'The person is present in person'),
      help: kind.withoutAppearance
        ? t('Am Schalter oder beim Hausbesuch. Ohne persönliches Erscheinen ist nur der vorläufige Reisepass möglich.', 'At the counter or at the home visit. Without appearing in person only the provisional passport is possible.')
        : t('Am Schalter oder beim Hausbesuch; ohne persönliches Erscheinen kann das Dokument nicht beantragt werden.', 'At the counter or at the home visit; without appearing in person the document cannot be applied for.'),
    },
    {
      name: 'identity.presentedDocumentKind', kind: 'select', required: true,
      label: t('Vorgelegtes Ausweisdokument', 'Presented ID document'),
      options: presentedDocumentKinds.map((value) => ({ value, label: documentKindLabels[value] })),
    },
    {
      name: 'identity.presentedSerialNumber', kind: 'text', required: true,
      label: t('Nummer des vorgelegten Dokuments', 'Number of the presented document'),
      help: t('Wie im maschinenlesbaren Bereich, mit Prüfziffer.', 'As in the machine-readable zone, with the check digit.'),
      visibleWhen: { field: 'identity.presentedDocumentKind', equals: [...withDocument] },
    },
    {
      name: 'identity.personMatchesDocument', kind: 'boolean', required: true,
      label: t('Die anwesende Person ist die auf dem Lichtbild des Dokuments', 'The person present is the one on the document\'s photo'),
      visibleWhen: { field: 'identity.presentedDocumentKind', equals: [...withDocument] },
    },
    {
      name: 'identity.otherEvidence', kind: 'textarea', required: true,
      label: t('Wodurch wurde die Identität festgestellt?', 'How was the identity established?'),
      help: t('z. B. Geburtsurkunde, Befragung zu Registerdaten', 'e.g. birth certificate, questions on register data'),
      visibleWhen: { field: 'identity.presentedDocumentKind', equals: ['none'] },
    },
    {
      name: 'identity.dataMatchRegister', kind: 'boolean', required: true,
      label: t('Namen, Geburtsdaten und Anschrift stimmen mit dem Melderegister überein', 'Names, birth data and address agree with the register'),
    },
    {
      name: 'representation.powerOfAttorneyPubliclyCertified', kind: 'boolean',
      label: t('Nur bei Bevollmächtigten: öffentlich beglaubigte Vollmacht liegt vor', 'Authorised persons only: a publicly certified power of attorney is presented'),
    },
  ];
  if (kind.family === 'pass') {
    fields.push({
      name: 'representation.parentalConsent', kind: 'boolean',
      label: t('Nur bei Minderjährigen, die selbst beantragen: schriftliche Zustimmung der Sorgeberechtigten liegt vor', 'Minors applying themselves only: the written consent of the parents is presented'),
    });
  }
  return { id: 'identity', title: t('Identität und Antragstellung', 'Identity and applicant'), fields };
}

const competenceStep: FormStep = {
  id: 'competence',
  title: t('Zuständigkeit', 'Competence'),
  fields: [
    {
      name: 'competence.importantReason', kind: 'textarea',
      label: t('Wichtiger Grund (nur wenn die Hauptwohnung in einer anderen Gemeinde liegt)', 'Important reason (only when the main residence is in another municipality)'),
      help: t('Eine nicht zuständige Behörde wird nur aus wichtigem Grund tätig; es fällt ein Zuschlag an.', 'A non-competent authority acts only for an important reason; a surcharge applies.'),
    },
    { name: 'outsideOfficeHours', kind: 'boolean', label: t('Auf Wunsch außerhalb der Dienstzeit', 'Outside office hours at the person\'s request') },
  ],
};

function photoStep(kind: IdDocumentKind): FormStep {
  const fields: FieldSpec[] = [
    { name: 'photo.attachmentId', kind: 'device', action: 'take_photo', label: t('Lichtbild aufnehmen', 'Take the photo') },
    { name: 'photoCode', kind: 'text', label: t('Lichtbild-Code des Dienstleisters', 'Photo code from the provider'), help: t('z. B. AB12-CD34-EF56', 'e.g. AB12-CD34-EF56') },
    { name: 'photo.code', kind: 'device', action: 'fetch_photo_code', label: t('Lichtbild per Code abrufen', 'Fetch the photo by code') },
    { name: 'photo.takenBy', kind: 'text', label: t('Lichtbildaufnehmende Stelle', 'Who took the photo (lichtbildaufnehmende Stelle)'), visibleWhen: { field: 'photo.attachmentId' } },
    {
      name: 'photo.officerDecision', kind: 'select', required: true,
      label: t('Entscheidung über das Lichtbild', 'Decision on the photo'),
      help: t('Die Prüfung der Software hilft; sie ersetzt nicht Ihre Entscheidung.', 'The software\'s check helps; it does not replace your decision.'),
      options: [{ value: 'accepted', label: t('angenommen', 'accepted') }, { value: 'vetoed', label: t('abgelehnt', 'rejected') }],
      visibleWhen: { field: 'photo.attachmentId' },
    },
  ];
  if (kind.provisional) {
    fields.push(
      { name: 'paperPhoto.provided', kind: 'boolean', label: t('Papierlichtbild vorgelegt (wird eingeklebt)', 'Paper photo presented (glued in)') },
      { name: 'paperPhoto.takenBy', kind: 'text', required: true, label: t('Lichtbildaufnehmende Stelle des Papierlichtbilds', 'Who took the paper photo'), visibleWhen: { field: 'paperPhoto.provided', equals: [true] } },
    );
  }
  return { id: 'photo', title: t('Lichtbild', 'Photo'), fields };
}

const fingerprintStep: FormStep = {
  id: 'fingerprints',
  title: t('Fingerabdrücke', 'Fingerprints'),
  fields: [
    {
      name: 'fingerprints.attempts', kind: 'device', action: 'capture_fingerprint',
      label: t('Fingerabdruck erfassen', 'Capture a fingerprint'),
      help: t('Linker und rechter Zeigefinger; sonst Daumen, Mittel-, Ringfinger derselben Hand; höchstens 3 Versuche je Finger.', 'Left and right index finger; otherwise thumb, middle, ring finger of the same hand; at most 3 attempts per finger.'),
    },
    {
      name: 'fingerprints.nextFinger', kind: 'select',
      label: t('Finger für die nächste Aufnahme', 'Finger for the next capture'),
      help: t('Leer lassen: der nächste Finger in der vorgeschriebenen Reihenfolge.', 'Leave empty: the next finger in the prescribed order.'),
      options: fingerCodes.map((value) => ({ value, label: fingerName(value) })),
    },
    {
      name: 'fingerprints.unavailableFingers', kind: 'multiselect',
      label: t('Nicht erfassbare Finger', 'Fingers that cannot be captured'),
      options: fingerCodes.map((value) => ({ value, label: fingerName(value) })),
    },
    { name: 'fingerprints.unavailableReason', kind: 'textarea', required: true, label: t('Grund', 'Reason'), visibleWhen: { field: 'fingerprints.unavailableFingers' } },
    { name: 'fingerprints.exempt', kind: 'boolean', label: t('Abnahme dauerhaft unmöglich (Befreiung)', 'Capture permanently impossible (exemption)') },
    { name: 'fingerprints.exemptionReason', kind: 'textarea', required: true, label: t('Begründung der Befreiung', 'Reason for the exemption'), visibleWhen: { field: 'fingerprints.exempt', equals: [true] } },
  ],
};

const signatureStep: FormStep = {
  id: 'signature',
  title: t('Unterschrift', 'Signature'),
  fields: [
    { name: 'signature', kind: 'signature', label: t('Unterschrift der Person', 'The person\'s signature'), help: t('Kinder unter 10 Jahren unterschreiben nicht.', 'Children under 10 do not sign.') },
    { name: 'signatureImpossible', kind: 'boolean', label: t('Die Person kann nicht unterschreiben', 'The person cannot sign') },
    { name: 'signatureImpossibleReason', kind: 'textarea', required: true, label: t('Grund', 'Reason'), visibleWhen: { field: 'signatureImpossible', equals: [true] } },
  ],
};

const bodyStep: FormStep = {
  id: 'features',
  title: t('Größe und Augenfarbe', 'Height and eye colour'),
  fields: [
    { name: 'heightCm', kind: 'number', required: true, label: t('Größe in cm', 'Height in cm'), min: heightRangeCm.min, max: heightRangeCm.max },
    { name: 'eyeColour', kind: 'select', required: true, label: t('Augenfarbe', 'Eye colour'), options: eyeColours.map((value) => ({ value, label: t(value, value) })) },
  ],
};

const eidStep: FormStep = {
  id: 'eid',
  title: t('Online-Ausweisfunktion und PIN-Brief', 'eID function and PIN letter'),
  fields: [{
    name: 'eidInformationGiven', kind: 'boolean', required: true,
    label: t('Über die Online-Ausweisfunktion und den PIN-Brief unterrichtet', 'Informed about the eID function and the PIN letter'),
    help: t('Ab 16 ist die Funktion eingeschaltet (keine Wahl); unter 16 bleibt sie aus. Die PIN erfährt niemand außer der Person.', 'From 16 the function is on (no choice); under 16 it stays off. Nobody but the person learns the PIN.'),
  }],
};

function documentStep(kind: IdDocumentKind): FormStep {
  const fields: FieldSpec[] = [];
  if (kind.passportOptions) {
    fields.push(
      { name: 'passport.pages', kind: 'select', label: t('Seitenzahl', 'Pages'), options: [{ value: '32', label: t('32 Seiten', '32 pages') }, { value: '48', label: t('48 Seiten (Zuschlag)', '48 pages (surcharge)') }] },
      { name: 'passport.express', kind: 'boolean', label: t('Expressverfahren (Zuschlag)', 'Express production (surcharge)') },
    );
  }
  if (kind.postalDelivery) {
    fields.push(
      { name: 'delivery.kind', kind: 'select', required: true, label: t('Aushändigung', 'Hand-over'), options: [{ value: 'pickup', label: t('Abholung bei der Behörde', 'pick-up at the authority') }, { value: 'postal', label: t('Versand per Post (Zuschlag)', 'delivery by post (surcharge)') }] },
      { name: 'delivery.address', kind: 'address', required: true, label: t('Versandanschrift', 'Delivery address'), visibleWhen: { field: 'delivery.kind', equals: ['postal'] } },
      { name: 'delivery.recipientName', kind: 'text', label: t('Empfänger/in', 'Recipient'), visibleWhen: { field: 'delivery.kind', equals: ['postal'] } },
    );
  }
  if (kind.provisional) {
    fields.push(
      { name: 'provisional.serialNumber', kind: 'text', required: true, label: t('Seriennummer des Vordrucks', 'Serial number of the blank'), help: t('Mit Prüfziffer, wie auf dem Vordruck.', 'With the check digit, as on the blank.') },
      { name: 'provisional.validUntil', kind: 'date', required: true, label: t('Gültig bis', 'Valid until'), help: kind.serviceId === 'vorlaeufiger_reisepass' ? t('Höchstens ein Jahr.', 'At most one year.') : t('Höchstens drei Monate.', 'At most three months.') },
    );
  }
  return { id: 'document', title: kind.provisional ? t('Vordruck und Gültigkeit', 'Blank and validity') : t('Dokument und Aushändigung', 'Document and delivery'), fields };
}

const summaryStep: FormStep = { id: 'summary', title: t('Zusammenfassung', 'Summary'), fields: [] };

export function idDocumentForm(kind: IdDocumentKind): FormStep[] {
  return [
    identityStep(kind),
    competenceStep,
    photoStep(kind),
    ...(kind.fingerprints ? [fingerprintStep] : []),
    signatureStep,
    bodyStep,
    ...(kind.eid ? [eidStep] : []),
    documentStep(kind),
    summaryStep,
  ];
}

export function handOverForm(kind: IdDocumentKind): FormStep[] {
  const receivedBy: FieldSpec['options'] = [
    { value: 'holder', label: t('die Person selbst', 'the holder') },
    { value: 'legal_representative', label: t('gesetzliche Vertretung', 'legal representative') },
    { value: 'collector', label: t('abholberechtigte Person (schriftliche Vollmacht)', 'authorised collector (written authority)') },
  ];
  if (kind.postalDelivery) receivedBy.push({ value: 'postal', label: t('Versand per Post', 'sent by post') });
  return [{
    id: 'hand_over',
    title: t('Aushändigung', 'Hand-over'),
    fields: [
      { name: 'handedOverOn', kind: 'date', required: true, label: t('Datum der Aushändigung', 'Date of hand-over') },
      { name: 'handedOverTime', kind: 'time', required: true, label: t('Uhrzeit', 'Time') },
      { name: 'receivedBy', kind: 'select', required: true, label: t('Empfangen durch', 'Received by'), options: receivedBy },
      { name: 'receiverName', kind: 'text', required: true, label: t('Name der empfangenden Person', 'Name of the receiving person'), visibleWhen: { field: 'receivedBy', equals: ['legal_representative', 'collector'] } },
      { name: 'receiverEvidence', kind: 'text', required: true, label: t('Nachweis (Vollmacht, Ausweis der empfangenden Person)', 'Evidence (authority, ID of the receiving person)'), visibleWhen: { field: 'receivedBy', equals: ['legal_representative', 'collector'] } },
      { name: 'oldDocumentSerialNumber', kind: 'text', label: t('Nummer des bisherigen Dokuments', 'Number of the previous document') },
      {
        name: 'oldDocumentOutcome', kind: 'select', label: t('Bisheriges Dokument', 'Previous document'),
        options: [
          { value: 'invalidated_returned', label: t('entwertet und zurückgegeben', 'invalidated and returned') },
          { value: 'handed_in', label: t('abgegeben und einbehalten', 'handed in and kept') },
          { value: 'not_presented', label: t('nicht vorgelegt (für ungültig erklärt)', 'not presented (declared invalid)') },
          { value: 'none', label: t('kein bisheriges Dokument', 'no previous document') },
        ],
      },
    ],
  }];
}
