import { describe, expect, it } from 'vitest';
import type { RegisterChange } from '../../workflow.ts';
import { abmeldungWorkflow, type AbmeldungData } from './abmeldung.ts';
import { abmeldungDraft, child, context, facts, flatFieldsOf, personLines, residence, spouse } from './testing.ts';

const codes = (violations: { code: string }[]) => violations.map((v) => v.code);
const garden = { street: 'Gartenweg', houseNumber: '1', addition: null, postcode: '44789', city: 'Bochum', ags: '05911000' };
const cottage = { street: 'Waldweg', houseNumber: '7', addition: null, postcode: '44797', city: 'Bochum', ags: '05911000' };

describe('Abmeldung', () => {
  it('moving abroad: the Hauptwohnung is closed with the destination, the Meldebestätigung confirms the Abmeldung', () => {
    expect(abmeldungWorkflow.validateCapture(abmeldungDraft(), facts())).toEqual([]);
    const effects = abmeldungWorkflow.complete(abmeldungDraft(), facts(), context);
    expect(effects.registerChanges).toEqual<RegisterChange[]>([
      { kind: 'move_out', personId: 'person-1', residenceId: 'res-1', movedOut: '2026-11-01', registeredOn: '2026-11-05', destination: 'AT' },
    ]);
    expect(effects.messages).toEqual([]);
    const [doc] = effects.documents;
    expect(personLines(doc!)).toEqual([['Schmidt', 'Anna Maria (gebräuchlicher Vorname: Anna)', '', '17.05.1980', 'alleinige Wohnung']]);
    expect(flatFieldsOf(doc!)).toEqual([
      { label: 'Anschrift', value: 'Am Stadtpark 3, 44791 Bochum' },
      { label: 'Tag des Auszugs', value: '01.11.2026' },
      { label: 'Tag der Abmeldung', value: '05.11.2026' },
    ]);
  });

  it('needs no Wohnungsgeberbestätigung', () => {
    expect(abmeldungWorkflow.form.flatMap((step) => step.fields).some((field) => field.name.startsWith('wohnungsgeber'))).toBe(false);
  });

  it.each<[string, Partial<AbmeldungData>, string[]]>([
    ['moving to another German flat is no Abmeldung', { destination: 'inland' }, ['RESIDENCE_ABMELDUNG_INLAND']],
    ['abroad without a country', { destinationCountry: undefined }, ['RESIDENCE_DESTINATION_COUNTRY_MISSING']],
    ['abroad to DE', { destinationCountry: 'DE' }, ['RESIDENCE_DESTINATION_COUNTRY_DE']],
    ['without new flat', { destination: 'keine_wohnung', destinationCountry: undefined }, []],
    ['a week before moving out', { movedOut: '2026-11-12' }, []],
    ['eight days before moving out (§ 17 Abs. 2 Satz 1)', { movedOut: '2026-11-13' }, ['RESIDENCE_MOVE_OUT_TOO_FAR_AHEAD']],
    ['moving out before having moved in', { movedOut: '2015-02-01' }, ['RESIDENCE_MOVE_OUT_BEFORE_MOVE_IN']],
    ['no Nebenwohnung to give up', { giveUp: 'nebenwohnung' }, ['RESIDENCE_NO_NEBENWOHNUNG']],
  ])('%s', (_label, overrides, expected) => {
    expect(codes(abmeldungWorkflow.validateCapture(abmeldungDraft(overrides), facts()))).toEqual(expected);
  });

  it('a late Abmeldung is flagged', () => {
    const draft = abmeldungDraft({ movedOut: '2026-10-01' });
    expect(abmeldungWorkflow.notices!(draft, facts()).map((n) => n.code)).toContain('RESIDENCE_REGISTRATION_LATE');
    expect(abmeldungWorkflow.complete(draft, facts(), context).dataPatch).toMatchObject({ registration: { late: true, deadline: '2026-10-15' } });
  });

  it('giving up a Nebenwohnung leaves the Hauptwohnung as it is', () => {
    const f = facts({ subject: { residences: [residence(), residence({ residenceId: 'res-g', kind: 'neben', address: garden, movedIn: '2020-04-01' })] } });
    const draft: AbmeldungData = { movedOut: '2026-11-01', giveUp: 'nebenwohnung' };
    expect(abmeldungWorkflow.validateCapture(draft, f)).toEqual([]);
    const effects = abmeldungWorkflow.complete(draft, f, context);
    expect(effects.registerChanges).toEqual([{ kind: 'move_out', personId: 'person-1', residenceId: 'res-g', movedOut: '2026-11-01', registeredOn: '2026-11-05', destination: null }]);
    expect(personLines(effects.documents[0]!)[0]![4]).toBe('Nebenwohnung');
  });

  it('giving up the Hauptwohnung and keeping one Nebenwohnung makes it the Hauptwohnung', () => {
    const f = facts({ subject: { residences: [residence(), residence({ residenceId: 'res-g', kind: 'neben', address: garden, movedIn: '2020-04-01' })] } });
    expect(abmeldungWorkflow.validateCapture(abmeldungDraft(), f)).toEqual([]);
    expect(abmeldungWorkflow.notices!(abmeldungDraft(), f).map((n) => n.code)).toContain('RESIDENCE_NEBEN_BECOMES_HAUPT');
    expect(abmeldungWorkflow.complete(abmeldungDraft(), f, context).registerChanges.map((c) => c.kind)).toEqual(['move_out', 'change_residence_kind']);
  });

  it('with several Nebenwohnungen left, the person says which becomes the Hauptwohnung', () => {
    const f = facts({ subject: { residences: [residence(), residence({ residenceId: 'res-g', kind: 'neben', address: garden }), residence({ residenceId: 'res-w', kind: 'neben', address: cottage })] } });
    expect(codes(abmeldungWorkflow.validateCapture(abmeldungDraft(), f))).toEqual(['RESIDENCE_WHICH_NEW_HAUPTWOHNUNG']);
    const chosen = abmeldungDraft({ newHauptwohnungId: 'res-w' });
    expect(abmeldungWorkflow.validateCapture(chosen, f)).toEqual([]);
    expect(abmeldungWorkflow.complete(chosen, f, context).registerChanges).toContainEqual({ kind: 'change_residence_kind', personId: 'person-1', residenceId: 'res-w', residenceKind: 'haupt' });
    expect(codes(abmeldungWorkflow.validateCapture({ movedOut: '2026-11-01', giveUp: 'nebenwohnung' }, f))).toEqual(['RESIDENCE_WHICH_NEBENWOHNUNG']);
  });

  it('the family moves abroad together: each leaves the same flat, one Meldebestätigung for all', () => {
    const draft = abmeldungDraft({ coMoverIds: ['person-2', 'person-3'], giveUp: 'alle' });
    expect(abmeldungWorkflow.validateCapture(draft, facts())).toEqual([]);
    const effects = abmeldungWorkflow.complete(draft, facts(), context);
    expect(effects.registerChanges.map((c) => c.kind === 'move_out' && c.residenceId)).toEqual(['res-1', 'res-2', 'res-3']);
    expect(effects.documents).toHaveLength(1);
    expect(personLines(effects.documents[0]!).map((row) => row[1])).toEqual(['Anna Maria (gebräuchlicher Vorname: Anna)', 'Jan', 'Lena']);
  });

  it('a co-mover not living in the flat cannot be deregistered with it', () => {
    const elsewhere = { ...spouse, residences: [residence({ residenceId: 'res-x', address: garden })] };
    const f = facts({ others: { [elsewhere.id]: elsewhere, [child.id]: child } });
    expect(codes(abmeldungWorkflow.validateCapture(abmeldungDraft({ coMoverIds: ['person-2'] }), f))).toEqual(['RESIDENCE_CO_MOVER_NOT_RESIDENT']);
  });

  it('a 12-year-old is deregistered by a parent; the head of a care home cannot deregister', () => {
    const kid = facts({ subject: { birthDate: '2014-01-01' } });
    expect(codes(abmeldungWorkflow.validateCapture(abmeldungDraft(), kid))).toEqual(['RESIDENCE_APPLICANT_UNDER_16']);
    expect(abmeldungWorkflow.validateCapture(abmeldungDraft(), { ...kid, applicant: { kind: 'parent', name: 'Anna Schmidt', evidence: 'Geburtsurkunde' } })).toEqual([]);
    const head = facts({ applicant: { kind: 'care_home_head', name: 'Sr. Agnes Wolters', evidence: 'Bestätigung' } });
    expect(codes(abmeldungWorkflow.validateCapture(abmeldungDraft(), head))).toEqual(['RESIDENCE_CARE_HOME_HEAD_ABMELDUNG']);
  });

  it('every violation of an empty draft at once', () => {
    expect(codes(abmeldungWorkflow.validateCapture({}, facts()))).toEqual(['RESIDENCE_GIVE_UP_MISSING', 'RESIDENCE_MOVE_DATE_MISSING']);
    expect(codes(abmeldungWorkflow.validateCapture({}, facts({ subject: null })))).toEqual(['RESIDENCE_ABMELDUNG_SUBJECT']);
  });

  it('initialData proposes the only residence', () => {
    expect(abmeldungWorkflow.initialData!(facts())).toEqual({ giveUp: 'hauptwohnung' });
  });
});
