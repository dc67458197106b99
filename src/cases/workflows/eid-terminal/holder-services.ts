/**
 * The two terminal services the holder does himself, at the terminal (PAuswG § 10; catalogue:
 * in_person_only):
 * - PIN Neusetzung: the holder types a new six-digit PIN on the terminal's PIN pad.
 * - Einschalten der Online-Ausweisfunktion: for holders of 16 and over (the function stays off for
 *   younger holders, DESIGN §5), e.g. on a card issued before their 16th birthday.
 * Both free of charge (itemised as free lines eid.pin_reset, eid.activation).
 */
import { z } from 'zod';
import type { ServiceId } from '../../../catalogue/services.ts';
import type { DevicePorts, TerminalResult } from '../../../devices/types.ts';
import { ageOn, dayOfAge } from '../../../platform/periods.ts';
import type { CaseFacts, Notice, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertNoInput, assertPreconditions, documentNumberOf, eidDocumentCheck, eidDocumentKinds, inPersonViolations,
  recordTerminalResult, secretViolations, terminalResultSchema, terminalViolations,
} from './common.ts';

export const holderServiceDataSchema = z.strictObject({
  documentSerialNumber: z.string().min(9),
  /** The officer confirms the holder is here and types the PIN himself. */
  holderPresent: z.literal(true),
  /** The officer compared the holder with the card's photo. */
  identityChecked: z.literal(true),
  terminal: terminalResultSchema,
});
export type HolderServiceData = z.infer<typeof holderServiceDataSchema>;

/** The eID function is off under 16 (PAuswG § 10 Abs. 1): nothing to set or switch on before. */
export const eidMinimumAge = 16;

function ageViolations(facts: CaseFacts, code: string, what: { de: string; en: string }): Violation[] {
  const birthDate = facts.subject?.birthDate ?? null;
  if (!facts.subject) return [];
  const age = ageOn(birthDate, facts.today);
  if (age === null) {
    return [violation(`${code}_BIRTH_DATE_UNKNOWN`, undefined,
      `Das Geburtsdatum ist im Register unbekannt; ${what.de} ist erst ab ${eidMinimumAge} Jahren möglich. Klären Sie das Geburtsdatum (Ausweis) und berichtigen Sie das Register.`,
      `The birth date is unknown in the register; ${what.en} is possible from ${eidMinimumAge} only. Check the birth date (card) and correct the register.`)];
  }
  if (age >= eidMinimumAge) return [];
  const from = dayOfAge(birthDate, eidMinimumAge);
  return [violation(`${code}_UNDER_16`, undefined,
    `Der Inhaber ist ${age} Jahre alt; ${what.de} ist erst ab ${eidMinimumAge} Jahren möglich, also ab dem ${germanDate(from)}.`,
    `The holder is ${age}; ${what.en} is possible from ${eidMinimumAge}, i.e. from ${from ?? 'the 16th birthday'}.`)];
}

interface HolderServiceSpec {
  serviceId: Extract<ServiceId, 'eid_pin_reset' | 'eid_activation'>;
  action: string;
  label: { de: string; en: string };
  /** What the service is, inside sentences ("die PIN-Neusetzung"). */
  what: { de: string; en: string };
  codePrefix: string;
  help: { de: string; en: string };
  run(devices: DevicePorts, documentNumber: string): Promise<TerminalResult>;
  /** A further notice for the officer, e.g. what usually follows. */
  afterwards?: Notice;
}

function holderServiceWorkflow(spec: HolderServiceSpec): Workflow<HolderServiceData> {
  const preconditions = (data: Partial<HolderServiceData>, facts: CaseFacts): Violation[] => [
    ...eidDocumentCheck(facts, data.documentSerialNumber),
    ...ageViolations(facts, spec.codePrefix, spec.what),
    ...inPersonViolations(facts, data),
  ];
  return {
    serviceId: spec.serviceId,
    dataSchema: holderServiceDataSchema,
    form: [
      {
        id: 'holder',
        title: { de: 'Ausweisinhaber', en: 'Holder' },
        fields: [
          {
            name: 'documentSerialNumber', kind: 'text', required: true,
            label: { de: 'Seriennummer des Personalausweises', en: 'Serial number of the identity card' },
            help: { de: 'Aus dem Melderegister vorbelegt; mit der Nummer auf dem Ausweis vergleichen.', en: 'Pre-filled from the register; compare with the number on the card.' },
          },
          { name: 'holderPresent', kind: 'boolean', required: true, label: { de: 'Der Ausweisinhaber ist anwesend und gibt die PIN selbst ein', en: 'The holder is present and types the PIN themselves' } },
          { name: 'identityChecked', kind: 'boolean', required: true, label: { de: 'Identität anhand des Lichtbilds geprüft', en: 'Identity checked against the photo' } },
        ],
      },
      {
        id: 'terminal',
        title: { de: 'Änderungsterminal', en: 'Change terminal' },
        fields: [{ name: 'terminal', kind: 'device', action: spec.action, required: true, label: spec.label, help: spec.help }],
      },
    ],
    initialData(facts) {
      const card = facts.subject?.documents.find((document) => (eidDocumentKinds as readonly string[]).includes(document.kind)
        && document.status === 'valid' && document.validUntil >= facts.today);
      return card ? { documentSerialNumber: card.serialNumber } : {};
    },
    feeInput(_data, facts) {
      return { serviceId: spec.serviceId, applicationDate: facts.today, birthDate: facts.subject?.birthDate ?? null };
    },
    validateCapture(data, facts) {
      return [
        ...secretViolations(data),
        ...preconditions(data, facts),
        ...terminalViolations(data.terminal, data.documentSerialNumber, 'terminal', spec.label),
      ];
    },
    notices() {
      return [
        notice('EID_PIN_ONLY_ON_PIN_PAD',
          'Die PIN gibt nur der Ausweisinhaber am PIN-Pad des Terminals ein, verdeckt. Niemand sonst sieht sie; die Software fragt sie nie ab und speichert sie nicht.',
          'Only the holder types the PIN, covered, on the terminal\'s PIN pad. Nobody else sees it; the software never asks for it or stores it.'),
        ...(spec.afterwards ? [spec.afterwards] : []),
      ];
    },
    complete() {
      return { documents: [], messages: [], registerChanges: [] };
    },
    deviceActions: {
      [spec.action]: {
        label: spec.label,
        async run(devices, input, data, facts) {
          assertNoInput(input);
          assertPreconditions(preconditions(data, facts));
          const documentNumber = documentNumberOf(data.documentSerialNumber!);
          const result = await spec.run(devices, documentNumber);
          return { dataPatch: { terminal: recordTerminalResult(result, documentNumber, data.terminal) }, attachments: [] };
        },
      },
    },
  };
}

export const eidPinResetWorkflow = holderServiceWorkflow({
  serviceId: 'eid_pin_reset',
  action: 'reset_pin',
  label: { de: 'PIN am Terminal neu setzen', en: 'Set a new PIN at the terminal' },
  what: { de: 'die PIN-Neusetzung', en: 'setting a new PIN' },
  codePrefix: 'EID_PIN_RESET',
  help: { de: 'Ausweis auflegen; der Inhaber tippt die neue sechsstellige PIN zweimal am PIN-Pad.', en: 'Place the card; the holder types the new six-digit PIN twice on the PIN pad.' },
  run: (devices, documentNumber) => devices.changeTerminal.resetPin({ documentNumber }),
});

export const eidActivationWorkflow = holderServiceWorkflow({
  serviceId: 'eid_activation',
  action: 'activate_eid',
  label: { de: 'Online-Ausweisfunktion einschalten', en: 'Switch on the eID function' },
  what: { de: 'das Einschalten der Online-Ausweisfunktion', en: 'switching on the eID function' },
  codePrefix: 'EID_ACTIVATION',
  help: { de: 'Ausweis auflegen; das Terminal schaltet die Funktion ein. Danach kann der Inhaber am PIN-Pad eine PIN setzen.', en: 'Place the card; the terminal switches the function on. The holder can then set a PIN on the PIN pad.' },
  run: (devices, documentNumber) => devices.changeTerminal.activateEid({ documentNumber }),
  afterwards: notice('EID_ACTIVATION_PIN_NEEDED',
    'Ohne PIN ist die Online-Ausweisfunktion nicht nutzbar: Hat der Inhaber keinen PIN-Brief mehr oder kennt er seine PIN nicht, setzen Sie anschließend eine neue PIN (Dienst „PIN neu setzen“).',
    'The eID function cannot be used without a PIN: if the holder has no PIN letter any more or does not know the PIN, set a new one afterwards (service "Set a new PIN").'),
});
