/**
 * The two terminal services the holder does himself, at the terminal (PAuswG § 10; catalogue:
 * in_person_only):
 * - PIN: the officer picks the route (`variant`). Neusetzung (the default, and what a case without
 *   a variant means): the holder no longer knows the PIN and types a new six-digit one on the
 *   terminal's PIN pad. PIN-Änderung: the holder knows the current PIN (or the Transport-PIN) and
 *   types it and the new one on the PIN pad (ChangeTerminal.changePin, AusweisApp's CHANGE_PIN).
 *   Either way the PIN stays on the PIN pad; the case records only which route ran and its answer.
 * - Einschalten der Online-Ausweisfunktion: for holders of 16 and over (the function stays off for
 *   younger holders, DESIGN §5), e.g. on a card issued before their 16th birthday.
 * Both free of charge (itemised as free lines eid.pin_reset, eid.activation).
 */
import { z } from 'zod';
import type { ServiceId } from '../../../catalogue/services.ts';
import type { DevicePorts, TerminalResult } from '../../../devices/types.ts';
import { AppError } from '../../../platform/errors.ts';
import { ageOn, dayOfAge } from '../../../platform/periods.ts';
import type { CaseFacts, FieldSpec, Notice, Text, Violation, Workflow } from '../../workflow.ts';
import { germanDate, notice, violation } from '../text.ts';
import {
  assertNoInput, assertPreconditions, documentNumberOf, eidDocumentCheck, eidDocumentKinds, inPersonViolations,
  recordTerminalResult, secretViolations, terminalResultSchema, terminalViolations,
} from './common.ts';

/** The PIN routes: Neusetzung (current PIN unknown) and Änderung (the holder knows it). */
export const pinVariants = ['neusetzung', 'aenderung'] as const;
export type PinVariant = (typeof pinVariants)[number];

export const holderServiceDataSchema = z.strictObject({
  documentSerialNumber: z.string().min(9),
  /** The officer confirms the holder is here and types the PIN himself. */
  holderPresent: z.literal(true),
  /** The officer compared the holder with the card's photo. */
  identityChecked: z.literal(true),
  /** PIN service only: the route; absent = Neusetzung (cases from before the PIN change). */
  variant: z.enum(pinVariants).optional(),
  terminal: terminalResultSchema.extend({
    /** PIN service only: the route the terminal ran (null/absent on older cases: Neusetzung). */
    variant: z.enum(pinVariants).nullish(),
  }),
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

/** One way the terminal does the service: its device action and button. */
interface TerminalRoute {
  /** The `variant` that picks this route; only services with several routes have one. */
  variant?: PinVariant;
  /** The route as the officer picks it. */
  option?: Text;
  action: string;
  label: Text;
  help: Text;
  run(devices: DevicePorts, documentNumber: string): Promise<TerminalResult>;
}

interface HolderServiceSpec {
  serviceId: Extract<ServiceId, 'eid_pin_reset' | 'eid_activation'>;
  /** The first route is the default (a case without `variant`). */
  routes: [TerminalRoute, ...TerminalRoute[]];
  /** What the service is, inside sentences ("die PIN-Neusetzung"). */
  what: Text;
  codePrefix: string;
  /** A further notice for the officer, e.g. what usually follows. */
  afterwards?: Notice;
}

function holderServiceWorkflow(spec: HolderServiceSpec): Workflow<HolderServiceData> {
  const [defaultRoute] = spec.routes;
  const variantChoice = spec.routes.length > 1;
  const routeByVariant = (variant: PinVariant | null | undefined) => spec.routes.find((route) => route.variant === variant) ?? defaultRoute;
  /** The route the case asks for. */
  const routeOf = (data: Partial<HolderServiceData>): TerminalRoute => routeByVariant(data.variant);
  const variantViolations = (data: Partial<HolderServiceData>): Violation[] => (data.variant !== undefined && !variantChoice
    ? [violation('EID_VARIANT_NOT_ALLOWED', 'variant', 'Dieser Dienst hat keine Varianten; entfernen Sie „variant“.', 'This service has no variants; remove "variant".')]
    : []);
  const preconditions = (data: Partial<HolderServiceData>, facts: CaseFacts): Violation[] => [
    ...variantViolations(data),
    ...eidDocumentCheck(facts, data.documentSerialNumber),
    ...ageViolations(facts, spec.codePrefix, spec.what),
    ...inPersonViolations(facts, data),
  ];
  /** The terminal ran another route than the case now asks for (the officer changed the choice afterwards). */
  const otherRouteViolations = (data: Partial<HolderServiceData>): Violation[] => {
    if (!variantChoice || !data.terminal?.ok) return [];
    const ran = routeByVariant(data.terminal.variant);
    const wanted = routeOf(data);
    if (ran === wanted) return [];
    return [violation('EID_TERMINAL_OTHER_VARIANT', 'terminal',
      `Am Terminal lief „${ran.label.de}“, gewählt ist „${wanted.option?.de ?? wanted.label.de}“. Führen Sie „${wanted.label.de}“ aus oder wählen Sie wieder „${ran.option?.de ?? ran.label.de}“.`,
      `The terminal ran "${ran.label.en}", the case now asks for "${wanted.option?.en ?? wanted.label.en}". Run "${wanted.label.en}" or choose "${ran.option?.en ?? ran.label.en}" again.`)];
  };
  const variantField: FieldSpec[] = variantChoice ? [{
    name: 'variant', kind: 'select', required: true,
    label: { de: 'Kennt der Inhaber seine bisherige PIN?', en: 'Does the holder know the current PIN?' },
    help: {
      de: 'Bekannt (auch die Transport-PIN aus dem PIN-Brief): er ändert sie selbst am PIN-Pad. Vergessen oder gesperrt: Neusetzung.',
      en: 'Known (the Transport PIN from the PIN letter, too): they change it themselves on the PIN pad. Forgotten or blocked: set a new one.',
    },
    options: spec.routes.map((route) => ({ value: route.variant!, label: route.option! })),
  }] : [];
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
          ...variantField,
        ],
      },
      {
        id: 'terminal',
        title: { de: 'Änderungsterminal', en: 'Change terminal' },
        // One button per route; with a choice, only the chosen route's shows (all record into `terminal`).
        fields: spec.routes.map((route): FieldSpec => ({
          name: 'terminal', kind: 'device', action: route.action, required: true, label: route.label, help: route.help,
          ...(variantChoice ? { visibleWhen: { field: 'variant', equals: [route.variant!] } } : {}),
        })),
      },
    ],
    initialData(facts) {
      const card = facts.subject?.documents.find((document) => (eidDocumentKinds as readonly string[]).includes(document.kind)
        && document.status === 'valid' && document.validUntil >= facts.today);
      return {
        ...(card ? { documentSerialNumber: card.serialNumber } : {}),
        ...(variantChoice ? { variant: defaultRoute.variant! } : {}),
      };
    },
    feeInput(_data, facts) {
      return { serviceId: spec.serviceId, applicationDate: facts.today, birthDate: facts.subject?.birthDate ?? null };
    },
    validateCapture(data, facts) {
      return [
        ...secretViolations(data),
        ...preconditions(data, facts),
        ...terminalViolations(data.terminal, data.documentSerialNumber, 'terminal', routeOf(data).label),
        ...otherRouteViolations(data),
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
    deviceActions: Object.fromEntries(spec.routes.map((route) => [route.action, {
      label: route.label,
      async run(devices: DevicePorts, input: Record<string, unknown>, data: Partial<HolderServiceData>, facts: CaseFacts) {
        assertNoInput(input);
        assertPreconditions([...preconditions(data, facts), ...chosenRouteViolations(route, routeOf(data))]);
        const documentNumber = documentNumberOf(data.documentSerialNumber!);
        const result = await route.run(devices, documentNumber);
        const terminal = {
          ...recordTerminalResult(result, documentNumber, data.terminal),
          // Always written, so a later answer without one does not keep an earlier count (the engine deep-merges).
          retryCounter: typeof result.retryCounter === 'number' && Number.isInteger(result.retryCounter) && result.retryCounter >= 0 && result.retryCounter <= 3
            ? result.retryCounter : null,
          ...(route.variant ? { variant: route.variant } : {}),
        };
        return { dataPatch: { terminal }, attachments: [] };
      },
    }])),
  };
}

/** A route's button runs only when the case asks for that route: the officer's choice decides. */
function chosenRouteViolations(route: TerminalRoute, chosen: TerminalRoute): Violation[] {
  if (route === chosen) return [];
  return [violation('EID_VARIANT_NOT_CHOSEN', 'variant',
    `Gewählt ist „${chosen.option?.de ?? chosen.label.de}“; für „${route.label.de}“ wählen Sie zuerst „${route.option?.de ?? route.label.de}“.`,
    `The case asks for "${chosen.option?.en ?? chosen.label.en}"; for "${route.label.en}" choose "${route.option?.en ?? route.label.en}" first.`)];
}

/** The holder changes a PIN he knows, on the PIN pad; a terminal without that operation says which way to take. */
function changePinOn(devices: DevicePorts, documentNumber: string): Promise<TerminalResult> {
  const terminal = devices.changeTerminal;
  if (!terminal.changePin) {
    return Promise.reject(new AppError('TERMINAL_OPERATION_UNSUPPORTED',
      'This change terminal cannot run a PIN change (holder knows the current PIN). Use AusweisApp with a comfort reader (DEVICE_CHANGE_TERMINAL=ausweisapp://127.0.0.1:24727), or choose the Neusetzung.', 501, {
        message: {
          de: 'Dieses Änderungsterminal kann keine PIN-Änderung (alte PIN bekannt). Nehmen Sie die AusweisApp mit Komfortleser oder wählen Sie „PIN neu setzen“.',
          en: 'This change terminal cannot change a known PIN. Use AusweisApp with a comfort reader, or choose "Set a new PIN".',
        },
      }));
  }
  return terminal.changePin({ documentNumber });
}

export const eidPinResetWorkflow = holderServiceWorkflow({
  serviceId: 'eid_pin_reset',
  routes: [
    {
      variant: 'neusetzung',
      option: { de: 'Nein – PIN neu setzen (Neusetzung)', en: 'No – set a new PIN' },
      action: 'reset_pin',
      label: { de: 'PIN am Terminal neu setzen', en: 'Set a new PIN at the terminal' },
      help: { de: 'Ausweis auflegen; der Inhaber tippt die neue sechsstellige PIN zweimal am PIN-Pad.', en: 'Place the card; the holder types the new six-digit PIN twice on the PIN pad.' },
      run: (devices, documentNumber) => devices.changeTerminal.resetPin({ documentNumber }),
    },
    {
      variant: 'aenderung',
      option: { de: 'Ja – PIN ändern (alte PIN bekannt)', en: 'Yes – change the PIN (current PIN known)' },
      action: 'change_pin',
      label: { de: 'PIN am PIN-Pad ändern', en: 'Change the PIN on the PIN pad' },
      help: {
        de: 'Ausweis auflegen; der Inhaber tippt am PIN-Pad seine bisherige PIN (oder die Transport-PIN), dann zweimal die neue sechsstellige PIN.',
        en: 'Place the card; the holder types the current PIN (or the Transport PIN) on the PIN pad, then the new six-digit PIN twice.',
      },
      run: changePinOn,
    },
  ],
  what: { de: 'die PIN-Neusetzung oder -Änderung', en: 'setting or changing the PIN' },
  codePrefix: 'EID_PIN_RESET',
});

export const eidActivationWorkflow = holderServiceWorkflow({
  serviceId: 'eid_activation',
  routes: [{
    action: 'activate_eid',
    label: { de: 'Online-Ausweisfunktion einschalten', en: 'Switch on the eID function' },
    help: { de: 'Ausweis auflegen; das Terminal schaltet die Funktion ein. Danach kann der Inhaber am PIN-Pad eine PIN setzen.', en: 'Place the card; the terminal switches the function on. The holder can then set a PIN on the PIN pad.' },
    run: (devices, documentNumber) => devices.changeTerminal.activateEid({ documentNumber }),
  }],
  what: { de: 'das Einschalten der Online-Ausweisfunktion', en: 'switching on the eID function' },
  codePrefix: 'EID_ACTIVATION',
  afterwards: notice('EID_ACTIVATION_PIN_NEEDED',
    'Ohne PIN ist die Online-Ausweisfunktion nicht nutzbar: Hat der Inhaber keinen PIN-Brief mehr oder kennt er seine PIN nicht, setzen Sie anschließend eine neue PIN (Dienst „PIN neu setzen“).',
    'The eID function cannot be used without a PIN: if the holder has no PIN letter any more or does not know the PIN, set a new one afterwards (service "Set a new PIN").'),
});
