import { AppError } from '../platform/errors.ts';
import { createAnalysingCamera, type Still } from './analysing-camera.ts';
import { createHumanFaceDetector, type FaceDetector } from './face-detector.ts';
import { imageMediaType } from './image-codec.ts';
import type { CapturedPhoto } from './types.ts';

/**
 * A still the field UI took with the browser's camera (input.still of the take_photo device
 * action): decoded and size-checked here, then analysed and cut on the server with the kit's own
 * face model, so the stored portrait and its assessment never depend on what the browser computed.
 */

/** Largest still accepted: a JPEG from a 12-megapixel webcam is 2–5 MB; a PNG of it can be 15 MB. */
export const maxStillBytes = 16 * 1024 * 1024;

/** Body limit of the device route: the still in base64 (4/3) plus room for the step's values. */
export const deviceBodyLimit = Math.ceil(maxStillBytes / 3) * 4 + 512 * 1024;

const dataUrl = /^data:image\/(?:png|jpeg);base64,/;

/** input.still → bytes: base64 (optionally as a data: URL) of a PNG or JPEG of at most maxStillBytes. */
export function decodeStill(value: unknown): Still {
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('PHOTO_STILL_INVALID', 'input.still must be the camera frame as a base64 PNG or JPEG.', 400);
  }
  const base64 = value.replace(dataUrl, '');
  // Estimated before decoding, so an oversize still costs no memory.
  const size = Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);
  if (size > maxStillBytes) {
    throw new AppError('PHOTO_STILL_TOO_LARGE',
      `The camera frame has ${(size / 1024 / 1024).toFixed(1)} MB; at most ${maxStillBytes / 1024 / 1024} MB are accepted. Lower the camera resolution or send it as JPEG.`,
      413, { de: `Das Kamerabild ist ${(size / 1024 / 1024).toFixed(1)} MB groß; höchstens ${maxStillBytes / 1024 / 1024} MB sind erlaubt. Bitte die Kameraauflösung senken oder als JPEG senden.`, maxBytes: maxStillBytes });
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new AppError('PHOTO_STILL_INVALID', 'input.still is not valid base64. Send the camera frame as a base64 PNG or JPEG.', 400);
  }
  const content = new Uint8Array(Buffer.from(base64, 'base64'));
  if (!imageMediaType(content)) {
    throw new AppError('IMAGE_TYPE', 'The camera frame is neither PNG nor JPEG. Send the frame as PNG or JPEG.', 415);
  }
  return { content };
}

export interface StillAnalyser {
  /**
   * The 1244×1600 portrait cut from an uploaded still, with its assessment; refuses a still without
   * exactly one face or one that would need upscaling (PHOTO_NO_FACE, PHOTO_FACES, PHOTO_UPSCALING).
   */
  portraitFromStill(still: Still, options?: { takenBy?: string; now?: () => Date }): Promise<CapturedPhoto>;
}

/** What the browser camera produced, for the device field's record. */
export const browserCameraName = 'Browser-Kamera mit Vorprüfung des Koffers';

/** An analyser whose face model `load` gives, loaded once on first use; a failed load is retried next time. */
export function createStillAnalyser(load: () => Promise<FaceDetector>): StillAnalyser {
  let shared: Promise<FaceDetector> | null = null;
  const detector = () => {
    shared ??= load().catch((error: unknown) => {
      shared = null;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError('FACE_MODEL_UNAVAILABLE',
        `The face model for the photo pre-check could not be loaded: ${reason} Use the kit's camera instead, or reinstall the kit (npm ci).`,
        503, { de: 'Das Gesichtsmodell für die Lichtbild-Vorprüfung konnte nicht geladen werden. Bitte die Kamera des Koffers verwenden oder den Koffer neu installieren.' });
    });
    return shared;
  };
  return {
    async portraitFromStill(still, options = {}) {
      const camera = createAnalysingCamera(
        { captureStill: () => Promise.reject(new AppError('PHOTO_STILL_MISSING', 'No camera frame was sent.', 400)) },
        await detector(),
        { ...(options.takenBy ? { takenBy: options.takenBy } : {}), ...(options.now ? { now: options.now } : {}) },
      );
      const { photo, refusal, analysis } = await camera.captureFrom(still);
      if (!photo) {
        const code = refusal?.code ?? 'PHOTO_REFUSED';
        const en = code === 'PHOTO_NO_FACE' ? 'No face was found in the camera frame. Have the person look into the camera and take the photo again.'
          : code === 'PHOTO_FACES' ? `The camera frame shows ${analysis.faces} faces; only the applicant may be in the picture. Take the photo again.`
            : 'The face is too small in the camera frame to cut a 1244×1600 portrait without upscaling. Move the camera closer and take the photo again.';
        throw new AppError(code, en, 422, { de: refusal?.message ?? 'Kein Lichtbild möglich.', faces: analysis.faces });
      }
      return photo;
    },
  };
}

/** The kit's analyser with human's models from node_modules (about a second to load, on first use). */
export const stillAnalyser: StillAnalyser = createStillAnalyser(() => createHumanFaceDetector());
