import { z } from 'zod';

/**
 * The AusweisApp SDK's JSON protocol as far as the Änderungsterminal adapter uses it (Governikus
 * AusweisApp, docs/sdk/commands.rst, messages.rst, failurecodes.rst; desktop.rst for the
 * WebSocket at ws://localhost:24727/eID-Kernel). Pure: no I/O.
 *
 * The command type has no `value` field on purpose: with a reader that has its own keypad the SDK
 * wants SET_PIN / SET_NEW_PIN / SET_CAN / SET_PUK without a value (the holder types on the reader),
 * and this adapter never sends anything else. A PIN cannot be put on the socket through this type.
 */
export type SdkCommand =
  | { cmd: 'GET_INFO' }
  | { cmd: 'GET_API_LEVEL' }
  | { cmd: 'SET_API_LEVEL'; level: number }
  | { cmd: 'GET_READER_LIST' }
  | { cmd: 'GET_READER'; name: string }
  | { cmd: 'RUN_CHANGE_PIN' }
  | { cmd: 'CANCEL' }
  | { cmd: 'SET_PIN' }
  | { cmd: 'SET_NEW_PIN' }
  | { cmd: 'SET_CAN' }
  | { cmd: 'SET_PUK' };

/** The API level the adapter speaks: READER_LIST has `readers`, STATUS exists, no PAUSE/CONTINUE (level 3). */
export const sdkApiLevel = 2;

const cardSchema = z.object({
  inoperative: z.boolean().optional(),
  deactivated: z.boolean().optional(),
  retryCounter: z.number().int().optional(),
}).loose();

const readerSchema = z.object({
  name: z.string(),
  insertable: z.boolean().optional(),
  attached: z.boolean(),
  /** Only sent for an attached reader. */
  keypad: z.boolean().optional(),
  /** null: no card; {}: an unknown card (level 3); otherwise an eID card. */
  card: cardSchema.nullable().optional(),
}).loose();

export type SdkReader = z.infer<typeof readerSchema>;
export type SdkCard = z.infer<typeof cardSchema>;

const messageSchema = z.discriminatedUnion('msg', [
  readerSchema.extend({ msg: z.literal('READER') }),
  z.object({ msg: z.literal('READER_LIST'), readers: z.array(readerSchema).optional(), reader: z.array(readerSchema).optional() }).loose(),
  z.object({
    msg: z.literal('INFO'),
    VersionInfo: z.object({ Name: z.string().optional(), 'Implementation-Version': z.string().optional() }).loose().optional(),
  }).loose(),
  z.object({ msg: z.literal('API_LEVEL'), error: z.string().optional(), available: z.array(z.number()).optional(), current: z.number().optional() }).loose(),
  z.object({ msg: z.literal('CHANGE_PIN'), success: z.boolean().optional(), reason: z.string().optional() }).loose(),
  z.object({ msg: z.enum(['ENTER_PIN', 'ENTER_NEW_PIN', 'ENTER_CAN', 'ENTER_PUK']), error: z.string().optional(), reader: readerSchema.optional() }).loose(),
  z.object({ msg: z.literal('INSERT_CARD'), error: z.string().optional() }).loose(),
  z.object({ msg: z.literal('STATUS'), workflow: z.string().nullable().optional(), progress: z.number().nullable().optional(), state: z.string().nullable().optional() }).loose(),
  z.object({ msg: z.enum(['BAD_STATE', 'INVALID', 'UNKNOWN_COMMAND', 'INTERNAL_ERROR']), error: z.string().optional() }).loose(),
  z.object({ msg: z.literal('PAUSE'), cause: z.string().optional() }).loose(),
]);

export type SdkMessage = z.infer<typeof messageSchema> | { msg: 'OTHER'; name: string };

/** One frame from the SDK; messages this adapter does not use come back as OTHER, broken frames throw. */
export function parseSdkMessage(text: string): SdkMessage {
  const json: unknown = JSON.parse(text);
  const parsed = messageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const name = typeof json === 'object' && json !== null && 'msg' in json && typeof json.msg === 'string' ? json.msg : '?';
  return { msg: 'OTHER', name };
}

export function readersOf(message: Extract<SdkMessage, { msg: 'READER_LIST' }>): SdkReader[] {
  return message.readers ?? message.reader ?? [];
}

/** A reader the holder can type the PIN into: attached and with its own keypad. */
export function hasPinPad(reader: SdkReader | undefined): boolean {
  return reader !== undefined && reader.attached && reader.keypad === true;
}

/** The eID card in a reader; an unknown card (`{}`) and no card give null. */
export function eidCardOf(reader: SdkReader | undefined): SdkCard | null {
  const card = reader?.card;
  if (!card || card.retryCounter === undefined) return null;
  return card;
}

export interface FailureOutcome {
  errorCode: string;
  message: string;
}

/**
 * What a failed CHANGE_PIN (`success: false`) means for the officer, by the SDK's failure code
 * (`reason`, failurecodes.rst). Unknown codes keep their name in the message so support can look it up.
 */
export function changePinFailure(reason: string | undefined): FailureOutcome {
  switch (reason) {
    case 'User_Cancelled':
    case 'Change_Pin_User_Cancelled':
    case 'Change_Pin_Card_User_Cancelled':
    case 'Establish_Pace_Channel_User_Cancelled':
      return { errorCode: 'CANCELLED_BY_HOLDER', message: 'Der Vorgang wurde am PIN-Pad abgebrochen; die PIN ist unverändert.' };
    case 'Card_Removed':
      return { errorCode: 'CARD_REMOVED', message: 'Der Ausweis wurde während des Vorgangs vom Leser genommen; die PIN ist unverändert. Ausweis auflegen und neu beginnen.' };
    case 'Change_Pin_Input_Timeout':
      return { errorCode: 'TERMINAL_TIMEOUT', message: 'Zeitüberschreitung: am PIN-Pad wurde nicht rechtzeitig (60 s) eingegeben; die PIN ist unverändert.' };
    case 'Change_Pin_New_Pin_Mismatch':
    case 'Change_Pin_Card_New_Pin_Mismatch':
      return { errorCode: 'NEW_PIN_MISMATCH', message: 'Die Wiederholung der neuen PIN stimmte nicht überein; die PIN ist unverändert.' };
    case 'Change_Pin_New_Pin_Invalid_Length':
      return { errorCode: 'NEW_PIN_INVALID', message: 'Die neue PIN hat nicht 6 Ziffern; die PIN ist unverändert.' };
    case 'Connect_Card_Eid_Inactive':
      return { errorCode: 'EID_NOT_ACTIVE', message: eidInactiveMessage };
    case 'Establish_Pace_Channel_Puk_Inoperative':
      return { errorCode: 'PUK_INOPERATIVE', message: 'Die PUK ist verbraucht (10-mal benutzt); eine neue PIN gibt es nur durch PIN-Neusetzung am Änderungsterminal der Behörde.' };
    case 'Connect_Card_Connection_Failed':
    case 'Maintain_Card_Connection_Pace_Unrecoverable':
    case 'Change_Pin_Unexpected_Transmit_Status':
      return { errorCode: 'CARD_CONNECTION_FAILED', message: 'Keine stabile Verbindung zum Ausweis; Ausweis neu auflegen und neu beginnen. Die PIN ist unverändert.' };
    default:
      return { errorCode: 'TERMINAL_ERROR', message: `Die AusweisApp hat die PIN-Änderung beendet (${reason ?? 'ohne Grund'}); die PIN ist unverändert.` };
  }
}

export const eidInactiveMessage = 'Die Online-Ausweisfunktion dieses Ausweises ist ausgeschaltet; eine PIN-Änderung ist erst möglich, wenn die Behörde sie am Änderungsterminal einschaltet.';
