import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../i18n/index.ts';
import { looseTranslator, type LooseTranslator } from '../i18n/loose.ts';
import { reviewCodeKey } from '../pages/kit-office/kit-office-model.ts';
import { codeOfReason, knownReasonCodes, localizedMessageOf, reasonCodeKey, syncReasonLine, syncReasonText } from './sync-reasons.ts';

let de: LooseTranslator;
let en: LooseTranslator;

beforeAll(async () => {
  const make = async (lng: string): Promise<LooseTranslator> => {
    const instance: i18n = i18next.createInstance();
    await instance.init({ resources, lng, fallbackLng: false });
    return looseTranslator(instance);
  };
  de = await make('de');
  en = await make('en');
});

describe('the Rathaus\'s reasons on the kit', () => {
  it.each(knownReasonCodes.map((code) => [code]))('%s reads in German and in English', (code) => {
    expect(de.exists(reasonCodeKey(code)), code).toBe(true);
    expect(en.exists(reasonCodeKey(code)), code).toBe(true);
    const german = syncReasonText(de, 'de', { code, reason: 'Some English text from the Rathaus.' });
    const english = syncReasonText(en, 'en', { code, reason: 'Some English text from the Rathaus.' });
    expect(german).toEqual({ text: de.t(reasonCodeKey(code)) });
    expect(english).toEqual({ text: en.t(reasonCodeKey(code)) });
    expect(german?.text).not.toBe(english?.text);
  });

  it.each([
    ['PERSON_GONE', 'The person is no longer in the register; a clerk decides what becomes of the capture.', 'Die Person ist nicht mehr im Melderegister; eine Sachbearbeiterin entscheidet über die Erfassung.'],
    ['REGISTER_CHANGED', 'The person\'s register entry changed since the tour package was made (a move, a document, a block); a clerk checks the capture against it.',
      'Der Registereintrag hat sich seit dem Tourpaket geändert; die Erfassung wird im Rathaus geprüft.'],
    ['SEQ_TAKEN', 'The case already has an event number 3 from another capture; a clerk decides which one counts.',
      'Der Vorgang hat im Rathaus schon einen Schritt mit dieser Nummer aus einer anderen Erfassung; eine Sachbearbeiterin entscheidet, welcher gilt.'],
    ['CASE_UNKNOWN', 'The kit refers to a case the Rathaus does not have.', 'Das Rathaus kennt den Vorgang dieses Schritts nicht; eine Sachbearbeiterin prüft die Erfassung.'],
  ])('shows %s in German, with or without its code', (code, reason, german) => {
    expect(syncReasonText(de, 'de', { code, reason })?.text).toBe(german);
    // A retry keeps only the text on the kit: its wording names the code.
    expect(syncReasonText(de, 'de', { reason })?.text).toBe(german);
  });

  it.each([
    ['An earlier event of this case was not taken yet.', 'OUT_OF_ORDER'],
    ['Event 4 of the case came before event 2.', 'OUT_OF_ORDER'],
    ['The Rathaus could not store the event just now; the kit sends it again.', 'BUSY'],
    ['2 attachment(s) of the event have not been uploaded completely.', 'ATTACHMENT_MISSING'],
    ['The Rathaus does not know events of kind "case.teleported"; update the Rathaus or the kit.', 'KIND_UNKNOWN'],
  ])('knows the retry reason "%s" as %s', (reason, code) => {
    expect(codeOfReason(reason)).toBe(code);
    expect(syncReasonText(de, 'de', { reason })).toEqual({ text: de.t(reasonCodeKey(code)) });
  });

  it('prefers the AppError\'s own translation (details.message, or the violations of CASE_VIOLATIONS)', () => {
    const message = { de: 'Der Vorgang ist „abgeschlossen“ und kann nicht geändert werden.', en: 'The case is completed and cannot be changed.' };
    expect(syncReasonText(de, 'de', { code: 'CASE_STATE_NOT_ALLOWED', reason: 'x', message })).toEqual({ text: message.de });
    expect(syncReasonText(en, 'en', { code: 'SOMETHING_NEW', reason: 'x', message })).toEqual({ text: message.en });
    const details = { violations: [
      { code: 'PHOTO_MISSING', field: 'photo', message: { de: 'Es fehlt das Lichtbild.', en: 'The photo is missing.' } },
      { code: 'HEIGHT_MISSING', field: 'heightCm', message: { de: 'Die Größe fehlt.', en: 'The height is missing.' } },
    ] };
    expect(localizedMessageOf(details)).toEqual({ de: 'Es fehlt das Lichtbild. Die Größe fehlt.', en: 'The photo is missing. The height is missing.' });
    expect(syncReasonText(de, 'de', { code: 'CASE_VIOLATIONS', reason: 'The case cannot take this step yet (2 problems): …', details })?.text).toBe('Es fehlt das Lichtbild. Die Größe fehlt.');
    expect(localizedMessageOf({ message: 'English only' })).toBeNull();
  });

  it('shows an unknown code with the server\'s text as it came, and the code', () => {
    const found = syncReasonText(de, 'de', { code: 'GALAXY_FULL', reason: 'The galaxy is full.' });
    expect(found).toEqual({ text: 'The galaxy is full.', lang: 'en', code: 'GALAXY_FULL' });
    expect(syncReasonLine(found)).toBe('The galaxy is full. (GALAXY_FULL)');
    expect(syncReasonLine(syncReasonText(de, 'de', { code: 'GALAXY_FULL' }))).toBe('GALAXY_FULL');
  });

  it('keeps the kit\'s own German texts as they are, and nothing for no reason', () => {
    expect(syncReasonText(de, 'de', { reason: 'Keine Antwort vom Rathaus (timeout); wird erneut gesendet.' })).toEqual({ text: 'Keine Antwort vom Rathaus (timeout); wird erneut gesendet.' });
    expect(syncReasonText(de, 'de', { reason: null })).toBeNull();
    expect(syncReasonText(de, 'de', {})).toBeNull();
  });

  it('words a review code for the clerk on the review page, a case use case\'s code as the kit does', () => {
    expect(syncReasonText(de, 'de', { code: 'PERSON_GONE', reason: 'x' }, reviewCodeKey)?.text).toBe('Die Person ist nicht mehr im Register. Entscheiden Sie, was aus der Erfassung wird.');
    expect(syncReasonText(de, 'de', { code: 'CASE_VERSION_CONFLICT', reason: 'x' }, reviewCodeKey)?.text).toBe(de.t(reasonCodeKey('CASE_VERSION_CONFLICT')));
  });
});
