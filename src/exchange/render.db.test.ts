import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../platform/db/database.ts';
import { createTestDatabase, testMunicipality } from '../platform/db/testing.ts';
import type { BzrApplicationPayload, IdOrderPayload } from './messages.ts';
import { MessageRejectedError, renderMessage, type RenderMeta } from './render.ts';
import { addAttachment, bzrPayload, createCompletedCase, deleteAttachment, idOrderPayload, pngBytes, testAddress, testSerialNumber } from './testing.ts';

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), 'schemas');

/** xmllint against our XSD; a missing xmllint is an error saying what to install, not a skip. */
function xmllint(xml: Uint8Array, schema: string): { valid: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bk-render-'));
  try {
    const file = join(dir, 'message.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', join(schemasDir, schema), file], { encoding: 'utf8' });
    if (run.error) throw new Error(`xmllint could not run (apt-get install libxml2-utils): ${run.error.message}`);
    const output = `${run.stdout}${run.stderr}`;
    return { valid: run.status === 0 && output.includes(`${file} validates`), output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = (content: Uint8Array) => new TextDecoder().decode(content);

describe('renderMessage', () => {
  let database: Database;
  let db: Db;
  let municipalityId: string;
  let caseNumber: string;
  let files: { photo: string; fingerprints: [string, string]; signature: string; writtenRequest: string };
  const bytes = { photo: pngBytes('photo'), left: pngBytes('left index'), right: pngBytes('right thumb'), signature: pngBytes('signature') };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    municipalityId = (await testMunicipality(database)).id;
    const kase = await createCompletedCase(db, municipalityId);
    caseNumber = kase.number;
    files = {
      photo: await addAttachment(db, municipalityId, kase.id, 'photo', bytes.photo, 'image/jpeg'),
      fingerprints: [
        await addAttachment(db, municipalityId, kase.id, 'fingerprint', bytes.left),
        await addAttachment(db, municipalityId, kase.id, 'fingerprint', bytes.right),
      ],
      signature: await addAttachment(db, municipalityId, kase.id, 'signature', bytes.signature),
      writtenRequest: await addAttachment(db, municipalityId, kase.id, 'written_request', pngBytes('Aufforderung des Trägers'), 'application/pdf'),
    };
  });
  afterAll(async () => {
    await database.close();
  });

  const meta = (): RenderMeta => ({ messageId: '7d0f6a4e-1c55-4d8e-9f1e-0a8b5c2d3e4f', municipalityId, createdAt: '2026-03-02T09:00:00.000Z' });
  const idOrder = (overrides: Partial<IdOrderPayload> = {}) => idOrderPayload(caseNumber, files, overrides);

  async function rejection(payload: Parameters<typeof renderMessage>[1]): Promise<MessageRejectedError> {
    try {
      await renderMessage(db, payload, meta());
    } catch (error) {
      if (error instanceof MessageRejectedError) return error;
      throw error;
    }
    throw new Error('expected a rejection');
  }

  describe('ID order (Ausweisauftrag)', () => {
    it('validates against ausweisauftrag.xsd and embeds photo, fingerprints and signature', async () => {
      const rendered = await renderMessage(db, idOrder(), meta());
      expect(rendered.fileName).toBe(`id_order_${caseNumber}_${meta().messageId}.xml`);
      expect(rendered.mediaType).toBe('application/xml');
      const result = xmllint(rendered.content, 'ausweisauftrag.xsd');
      expect(result.output).toContain('validates');
      expect(result.valid).toBe(true);
      const xml = text(rendered.content);
      expect(xml).toContain(`seriennummer="${testSerialNumber()}"`);
      expect(xml).toContain('<Behoerde kennzahl="L01X">Stadt Bochum, Bürgerbüro</Behoerde>');
      expect(xml).toContain('<Vorname gebraeuchlich="true">Erika</Vorname>');
      expect(xml).toContain('<Anschrift wohnortId="059110000000" ags="05911000">');
      expect(xml).toContain('<Koerpergroesse einheit="cm">162</Koerpergroesse>');
      expect(xml).toContain('<EId eingeschaltet="true" pinBrief="true"/>');
      expect(xml).toContain('<Zustellung art="abholung"/>');
      expect(xml).toContain('<Staatsangehoerigkeit>DE</Staatsangehoerigkeit>');
      for (const [name, content] of [['Lichtbild', bytes.photo], ['Fingerabdruck', bytes.left], ['Fingerabdruck', bytes.right], ['Unterschrift', bytes.signature]] as const) {
        const base64 = Buffer.from(content).toString('base64');
        const sha = createHash('sha256').update(content).digest('hex');
        expect(xml).toMatch(new RegExp(`<${name} [^>]*sha256="${sha}"[^>]*>${base64.replace(/[+/=]/g, '\\$&')}</${name}>`));
      }
      expect(xml).toContain('finger="left_index" qualitaet="62"');
      expect(xml).toContain('aufnehmendeStelle="Stadt Bochum, Bürgerbüro Mitte"');
      // Rendering again gives the same bytes: a retried delivery sends the same file.
      expect(text((await renderMessage(db, idOrder(), meta())).content)).toBe(xml);
    });

    it('validates with postal delivery, a passport, a waived signature and a fingerprint exemption', async () => {
      const rendered = await renderMessage(db, idOrder({
        document: 'reisepass',
        passport48Pages: true,
        express: false,
        fingerprints: [],
        fingerprintExemption: { reason: 'unter 6 Jahre' },
        signature: { waivedReason: 'unter 10 Jahre' },
        eIdEnabled: false,
        pinLetter: false,
        person: { ...idOrder().person, birthName: null, birthDate: '2021-06', doctoralDegree: 'Dr.', nationalities: ['DE', 'PL'] },
        printedNames: { familyNameLine: 'KOWALSKI', birthNameLine: null, givenNamesLine: 'ERIKA M.', truncated: true },
        // A delivery address outside the register carries no Gemeindeschlüssel.
        delivery: { kind: 'postal', address: testAddress({ street: 'Hauptstraße', houseNumber: '1', addition: null, postcode: '10115', city: 'Berlin', ags: '' }), recipientName: 'Erika Kowalski' },
      }), meta());
      const result = xmllint(rendered.content, 'ausweisauftrag.xsd');
      expect(result.output).toContain('validates');
      const xml = text(rendered.content);
      expect(xml).toContain('<Befreiung grund="unter 6 Jahre"/>');
      expect(xml).toContain('<UnterschriftEntfaellt grund="unter 10 Jahre"/>');
      expect(xml).toContain('<Zustellung art="post">');
      expect(xml).toMatch(/<Zustellung art="post">\s*<Empfaenger>Erika Kowalski<\/Empfaenger>\s*<Anschrift>/);
      expect(xml).toContain('reisepass48Seiten="true"');
      expect(xml).toContain('<Druckzeilen gekuerzt="true">');
      expect(xml).not.toContain('<Fingerabdruck ');
    });

    it('the XSD refuses what the renderer must never send (the schema can fail)', () => {
      const broken = new TextEncoder().encode(`<?xml version="1.0"?><Ausweisauftrag xmlns="urn:buergerkoffer:exchange:ausweisauftrag:1" version="1"><Aktenzeichen>x</Aktenzeichen></Ausweisauftrag>`);
      const result = xmllint(broken, 'ausweisauftrag.xsd');
      expect(result.valid).toBe(false);
      expect(result.output).toMatch(/Aktenzeichen.*not expected|Expected is \( .*Nachricht/);
    });

    it('is rejected when the fingerprints were already deleted (PAuswG § 26)', async () => {
      const kase = await createCompletedCase(db, municipalityId);
      const left = await addAttachment(db, municipalityId, kase.id, 'fingerprint', bytes.left);
      await deleteAttachment(db, left);
      const error = await rejection(idOrderPayload(caseNumber, { ...files, fingerprints: [left, files.fingerprints[1]] }));
      expect(error.text.de).toMatch(/Fingerabdrücke wurden bereits gelöscht \(PAuswG § 26/);
      expect(error.text.en).toMatch(/fingerprints have already been deleted/);
      expect(error.text.en).toContain(left);
    });

    it.each<[string, Partial<IdOrderPayload>, RegExp]>([
      ['a wrong check digit', { serialNumber: 'L01X00T479' }, /has check digit 1/],
      ['a serial of another authority', { serialNumber: testSerialNumber('L02X00T47') }, /does not start with the authority code L01X/],
      ['one fingerprint without exemption', { fingerprints: [{ finger: 'left_index', quality: 60, attachmentId: '00000000-0000-4000-8000-000000000000' }] }, /1 fingerprints; two are needed/],
      ['two prints of one finger', { fingerprints: [{ finger: 'left_index', quality: 60, attachmentId: '00000000-0000-4000-8000-000000000000' }, { finger: 'left_index', quality: 55, attachmentId: '00000000-0000-4000-8000-000000000001' }] }, /same finger/],
      ['no nationality', { person: { ...idOrderPayload('x', { photo: '', fingerprints: ['', ''], signature: '' }).person, nationalities: [] } }, /nationality is missing/],
      ['an implausible height', { heightCm: 17 }, /height 17 cm/],
      ['a name with a control character XML cannot carry', { person: { ...idOrderPayload('x', { photo: '', fingerprints: ['', ''], signature: '' }).person, familyName: 'Kowal\u0001ski' } }, /could not be written as XML/],
      ['an exemption without a reason', { fingerprints: [], fingerprintExemption: { reason: ' ' } }, /exemption needs a reason/],
      ['a postal delivery without a street', { delivery: { kind: 'postal', address: testAddress({ street: '' }), recipientName: 'E. K.' } }, /delivery.address.street is missing/],
      ['a postal delivery with a malformed Gemeindeschlüssel', { delivery: { kind: 'postal', address: testAddress({ ags: '5911' }), recipientName: 'E. K.' } }, /delivery.address.ags "5911"/],
      ['a missing Wohnort-ID', { address: { ...testAddress(), wohnortId: ' ' } }, /Wohnort-ID is missing/],
      ['an attachment that does not exist', { photo: { attachmentId: '00000000-0000-4000-8000-00000000ffff', takenBy: 'x' } }, /photo \(attachment 00000000-0000-4000-8000-00000000ffff\) no longer exists/],
    ])('is rejected for %s, saying what to fix', async (_label, overrides, message) => {
      const error = await rejection(idOrder(overrides));
      expect(error.text.en).toMatch(message);
      expect(error.text.de.length).toBeGreaterThan(10);
    });
  });

  describe('BZR application (Führungszeugnisantrag)', () => {
    const bzr = (overrides: Partial<BzrApplicationPayload> = {}) => bzrPayload(caseNumber, overrides);

    it.each<[string, Partial<BzrApplicationPayload>]>([
      ['type O to an authority with Amtsgericht inspection', {}],
      ['type N, private', { certificate: { type: 'N', extended: false, european: false }, recipientAuthority: null, inspectionCourt: null, purpose: null }],
      ['a person whose nationality the register does not know', { person: { ...bzrPayload('x').person, nationalities: [], birthDate: '1960' } }],
      ['extended and European, with the written request and a legal representative', {
        certificate: { type: 'N', extended: true, european: true }, recipientAuthority: null, inspectionCourt: null,
        writtenRequest: { issuer: 'Kita Sonnenschein e. V.', date: '2026-02-20' },
        legalRepresentative: { kind: 'parent', name: 'Anna Kowalski', evidence: 'Geburtsurkunde' },
        fee: { totalCents: 0, municipalityCents: 0, federalCents: 0, waived: true },
      }],
    ])('validates against fuehrungszeugnisantrag.xsd: %s', async (_label, overrides) => {
      const payload = bzr(overrides.certificate?.extended ? { ...overrides, writtenRequestAttachmentId: files.writtenRequest } : overrides);
      const rendered = await renderMessage(db, payload, meta());
      const result = xmllint(rendered.content, 'fuehrungszeugnisantrag.xsd');
      expect(result.output).toContain('validates');
      expect(result.valid).toBe(true);
      const xml = text(rendered.content);
      expect(xml).toContain(`<Zeugnis art="${payload.certificate.type}" erweitert="${payload.certificate.extended}" europaeisch="${payload.certificate.european}"/>`);
      expect(xml).toContain(`gesamtCent="${payload.fee.totalCents}" meldebehoerdeCent="${payload.fee.municipalityCents}" bundCent="${payload.fee.federalCents}"`);
      if (payload.recipientAuthority) expect(xml).toContain(`<Aktenzeichen>${payload.recipientAuthority.reference}</Aktenzeichen>`);
      if (payload.certificate.extended) {
        expect(xml).toMatch(/<SchriftlicheAufforderung vorgelegt="true" sha256="[0-9a-f]{64}">/);
        expect(xml).toContain('<Aussteller>Kita Sonnenschein e. V.</Aussteller>');
        // The scan itself stays at the Meldebehörde.
        expect(xml).not.toContain(Buffer.from(pngBytes('Aufforderung des Trägers')).toString('base64'));
      }
    });

    it.each<[string, Partial<BzrApplicationPayload>, RegExp]>([
      ['type O without the receiving authority', { recipientAuthority: null }, /needs the receiving authority/],
      ['type N with a receiving authority', { certificate: { type: 'N', extended: false, european: false }, inspectionCourt: null }, /remove the receiving authority/],
      ['type N with Amtsgericht inspection', { certificate: { type: 'N', extended: false, european: false }, recipientAuthority: null }, /type O only/],
      ['extended without the written request', { certificate: { type: 'O', extended: true, european: false } }, /needs the written request/],
      ['a fee split that does not add up', { fee: { totalCents: 1300, municipalityCents: 500, federalCents: 780, waived: false } }, /do not add up/],
    ])('is rejected for %s', async (_label, overrides, message) => {
      expect((await rejection(bzr(overrides))).text.en).toMatch(message);
    });
  });
});
