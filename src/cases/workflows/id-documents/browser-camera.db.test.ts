/**
 * The browser camera's frame through the API: POST …/devices/take_photo with input.still runs the
 * kit's face model on the server, stores the 1244×1600 portrait and its assessment like the
 * camera's photo, and refuses oversize frames and frames without a face with codes the field UI
 * shows. The officer still decides (photo.officerDecision), and may take a photo despite failed
 * pre-checks only with an explicit override that is recorded with it (input.override).
 */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeRgbPng } from '../../../devices/image-codec.ts';
import { enlarge, solidImage } from '../../../devices/photo-test-images.ts';
import { pngSize } from '../../../devices/png.ts';
import { browserCameraName, deviceBodyLimit, maxStillBytes } from '../../../devices/uploaded-still.ts';
import { createTestUser, testSessionHeaders } from '../../../identity/testing.ts';
import { startTestServer, type TestServer } from '../../../platform/http/testing.ts';
import { aPersonRecord } from '../../../register/import/testing.ts';
import { writePersonRecords } from '../../../register/import/write-records.ts';
import { persons } from '../../../register/schema.ts';
import type { CaseView } from '../../case-view.types.ts';
import { caseApi } from '../testing.ts';

const now = new Date('2026-03-02T10:00:00Z');
// NASA's public-domain portrait (see src/devices/fixtures/README.md), 8× as a webcam frame would show it.
const astronaut = decodeImage(readFileSync(new URL('../../../devices/fixtures/astronaut-eileen-collins.png', import.meta.url)));
const frame = enlarge(astronaut, 8);
const asJpeg = (image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }) =>
  Buffer.from(jpeg.encode({ width: image.width, height: image.height, data: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength) }, 92).data);

describe('take_photo with a frame from the browser camera', () => {
  let server: TestServer;
  let user: { id: string };
  let personId: string;

  beforeAll(async () => {
    server = await startTestServer({ now });
    user = await createTestUser(server.ctx, server.municipalityId, { roles: ['clerk'] });
    await writePersonRecords(server.ctx, { kind: 'system', name: 'test', municipalityId: server.municipalityId }, server.municipalityId, [
      aPersonRecord({
        ref: 'eileen', familyName: 'Collins', givenNames: ['Eileen'], birthDate: '1956-11-19', birthPlace: 'Bochum', nationalities: ['DE'],
        residences: [{ address: { street: 'Am Stadtpark', houseNumber: '3', postcode: '44791', city: 'Bochum', ags: '05911000' }, kind: 'haupt', movedIn: '2025-12-01', registeredOn: '2025-12-03' }],
        documents: [],
      }),
    ]);
    const [row] = await server.database.db.select({ id: persons.id }).from(persons);
    personId = row!.id;
  });
  afterAll(async () => {
    await server.app.close();
    await server.database.close();
  });

  const as = async () => testSessionHeaders(server.ctx, user, server.municipalityId);
  const { ok, path } = caseApi(() => server.app, as);
  let caseId: string | undefined;
  // One open application per person: every test continues the same case.
  const newCase = async () => {
    if (!caseId) caseId = (await ok('POST', '/api/cases', { serviceId: 'personalausweis', personId, applicant: { kind: 'self' } })).id;
    return ok('GET', `/api/cases/${caseId}`);
  };
  async function refused(kase: CaseView, still: string): Promise<{ status: number; code: string; message: string }> {
    const response = await server.app.inject({ method: 'POST', url: `${path(kase)}/devices/take_photo`, headers: await as(), payload: { version: kase.version, input: { still } } });
    return { status: response.statusCode, ...response.json<{ error: { code: string; message: string } }>().error };
  }

  it('stores the 1244×1600 PNG portrait cut on the server, with its assessment; the officer still decides', async () => {
    let kase = await newCase();
    kase = await ok('POST', `${path(kase)}/devices/take_photo`, { version: kase.version, input: { still: `data:image/jpeg;base64,${asJpeg(frame).toString('base64')}` } });
    const photos = kase.attachments.filter((a) => a.kind === 'photo');
    expect(photos).toHaveLength(1);
    const photo = kase.data.photo as Record<string, unknown>;
    expect(photo).toMatchObject({ source: 'camera', attachmentId: photos[0]!.id, width: 1244, height: 1600, device: browserCameraName, byAuthority: true });
    expect(photo.assessment).toMatchObject({ sourceCrop: { width: expect.any(Number) as number, height: expect.any(Number) as number } });
    const assessment = photo.assessment as { interEyePx: number; sourceCrop: { width: number; height: number } };
    // No upscaling: the region cut from the frame is at least the portrait's size.
    expect(assessment.sourceCrop.width).toBeGreaterThanOrEqual(1244);

    const file = await server.app.inject({ method: 'GET', url: `${path(kase)}/attachments/${photos[0]!.id}`, headers: await as() });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(pngSize(new Uint8Array(file.rawPayload))).toEqual({ width: 1244, height: 1600 });

    // The pre-check helps; the officer's decision is still missing.
    expect(kase.violations.map((v) => v.code)).toContain('PHOTO_NOT_ACCEPTED');
  }, 120_000);

  it('records the officer\'s acceptance despite failed pre-checks with the photo: those findings become a notice, others still block', async () => {
    let kase = await newCase();
    const still = `data:image/jpeg;base64,${asJpeg(frame).toString('base64')}`;
    kase = await ok('POST', `${path(kase)}/devices/take_photo`, { version: kase.version, input: { still } });
    const findings = kase.violations.map((v) => v.code).filter((code) => /^PHOTO_(YAW|PITCH|ROLL|HEAD_WIDTH|HEAD_HEIGHT|EYE_LINE|CENTRE|INTER_EYE|BACKGROUND)$/.test(code));
    // The astronaut's head is pitched about 7° as photographed: the server's pre-check finds it too.
    expect(findings).toContain('PHOTO_PITCH');

    kase = await ok('POST', `${path(kase)}/devices/take_photo`, { version: kase.version, input: { still, override: { checks: ['pitch'] } } });
    expect((kase.data.photo as Record<string, unknown>).override).toEqual({ checks: ['pitch'], at: now.toISOString() });
    expect(kase.violations.map((v) => v.code)).not.toContain('PHOTO_PITCH');
    expect(kase.violations.map((v) => v.code)).toEqual(expect.arrayContaining(findings.filter((code) => code !== 'PHOTO_PITCH')));
    expect(kase.notices.find((n) => n.code === 'PHOTO_CHECKS_OVERRIDDEN')?.message.de).toMatch(/trotz Hinweisen der Vorprüfung übernommen: Die Kopfneigung/);

    // Upscaling is not the officer's to override.
    const refusedOverride = await server.app.inject({
      method: 'POST', url: `${path(kase)}/devices/take_photo`, headers: await as(), payload: { version: kase.version, input: { still, override: { checks: ['upscaled'] } } },
    });
    expect(refusedOverride.statusCode).toBe(400);
    expect(refusedOverride.json<{ error: { code: string } }>().error.code).toBe('PHOTO_OVERRIDE_INVALID');
  }, 120_000);

  it('takes a PNG frame as plain base64 too', async () => {
    let kase = await newCase();
    kase = await ok('POST', `${path(kase)}/devices/take_photo`, { version: kase.version, input: { still: Buffer.from(encodeRgbPng(frame)).toString('base64') } });
    expect(kase.data.photo).toMatchObject({ width: 1244, height: 1600, device: browserCameraName });
  }, 120_000);

  it('refuses a frame without a face with PHOTO_NO_FACE and stores nothing', async () => {
    const kase = await newCase();
    const grey = asJpeg(solidImage(1600, 1200, [128, 128, 128]));
    const error = await refused(kase, grey.toString('base64'));
    expect(error).toMatchObject({ status: 422, code: 'PHOTO_NO_FACE' });
    expect(error.message).toMatch(/No face/);
    const after = await ok('GET', path(kase));
    expect(after.attachments).toEqual(kase.attachments);
    expect(after.version).toBe(kase.version);
  }, 120_000);

  it('refuses an oversize frame with PHOTO_STILL_TOO_LARGE, naming the limit', async () => {
    const kase = await newCase();
    const big = Buffer.alloc(maxStillBytes + 3);
    big.set([0xff, 0xd8, 0xff]);
    const error = await refused(kase, big.toString('base64'));
    expect(error).toMatchObject({ status: 413, code: 'PHOTO_STILL_TOO_LARGE' });
    expect(error.message).toContain(`${maxStillBytes / 1024 / 1024} MB`);
  });

  it('raises the body limit for the device route only, to deviceBodyLimit', async () => {
    const kase = await newCase();
    const over = { version: kase.version, input: { still: 'A'.repeat(deviceBodyLimit) } };
    const device = await server.app.inject({ method: 'POST', url: `${path(kase)}/devices/take_photo`, headers: await as(), payload: over });
    expect(device.statusCode).toBe(413);
    expect(device.json<{ error: { code: string } }>().error.code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    // Fastify's default of 1 MiB still holds elsewhere.
    const patch = await server.app.inject({ method: 'PATCH', url: path(kase), headers: await as(), payload: { version: kase.version, data: { note: 'x'.repeat(1_100_000) } } });
    expect(patch.statusCode).toBe(413);
  });

  it('refuses a frame that is not an image', async () => {
    const kase = await newCase();
    expect(await refused(kase, Buffer.from('GIF89a not a photo').toString('base64'))).toMatchObject({ status: 415, code: 'IMAGE_TYPE' });
    expect(await refused(kase, 'not base64!')).toMatchObject({ status: 400, code: 'PHOTO_STILL_INVALID' });
  });

  it('serves the face model to the browser from disk, only the models the pre-check loads', async () => {
    const model = await server.app.inject({ method: 'GET', url: '/models/human/blazeface.json' });
    expect(model.statusCode).toBe(200);
    expect(model.json<{ weightsManifest: unknown[] }>().weightsManifest.length).toBeGreaterThan(0);
    const weights = await server.app.inject({ method: 'GET', url: '/models/human/iris.bin' });
    expect(weights.statusCode).toBe(200);
    expect(weights.rawPayload.byteLength).toBeGreaterThan(100_000);
    expect((await server.app.inject({ method: 'GET', url: '/models/human/emotion.json' })).statusCode).not.toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/models/human/../../package.json' })).statusCode).not.toBe(200);
  });
});
