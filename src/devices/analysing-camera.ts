import { AppError } from '../platform/errors.ts';
import type { FaceDetector } from './face-detector.ts';
import { decodeImage, encodeRgbPng, imageMediaType } from './image-codec.ts';
import { analysePhoto, cropPortrait, type AnalysisOptions, type PhotoAnalysis } from './photo-analysis.ts';
import { buergerkofferPhotoProfile } from './photo-profile.ts';
import type { Camera, CapturedPhoto, DeviceHealth, HealthCheck } from './types.ts';

/**
 * The kit's camera with the live pre-check: takes a still from a source (a camera's still, or a
 * frame the field UI uploads), finds the face, measures it against the TR-03121 profile and cuts
 * the 1244×1600 portrait without upscaling. The officer accepts or vetoes on what `analysis`
 * shows; the certified capture module keeps the last word (DESIGN §5).
 */
export interface Still {
  /** PNG or JPEG bytes as the sensor delivered them. */
  content: Uint8Array;
  takenAt?: string;
}

export interface StillSource {
  captureStill(): Promise<Still>;
}

/** Any Camera port (the simulator, a vendor's module) as a source of stills. */
export function stillsFromCamera(camera: Camera): StillSource {
  return {
    async captureStill() {
      const photo = await camera.capturePhoto();
      return { content: photo.content, takenAt: photo.takenAt };
    },
  };
}

export interface AnalysedCapture {
  /** The portrait, or null when the still cannot give one (no single face, region too small). */
  photo: CapturedPhoto | null;
  analysis: PhotoAnalysis;
  /** Why there is no portrait, as the officer reads it. */
  refusal?: { code: string; message: string };
}

export interface AnalysingCamera extends Camera, HealthCheck {
  /** A still from the source, analysed and cut. */
  capture(): Promise<AnalysedCapture>;
  /** A frame the field UI uploaded, analysed and cut. */
  captureFrom(still: Still): Promise<AnalysedCapture>;
}

export interface AnalysingCameraOptions {
  /** The lichtbildaufnehmende Stelle. */
  takenBy?: string;
  now?: () => Date;
  analysis?: AnalysisOptions;
}

export function createAnalysingCamera(source: StillSource, detector: FaceDetector, options: AnalysingCameraOptions = {}): AnalysingCamera {
  const profile = options.analysis?.profile ?? buergerkofferPhotoProfile;
  const now = options.now ?? (() => new Date());
  const takenBy = options.takenBy ?? 'Personalausweisbehörde (Aufnahmestation des Bürgerkoffers)';

  async function analyse(still: Still): Promise<AnalysedCapture> {
    if (!imageMediaType(still.content)) {
      throw new AppError('IMAGE_TYPE', 'The still is neither PNG nor JPEG. The camera must deliver PNG or JPEG stills.', 415);
    }
    const image = decodeImage(still.content);
    const faces = await detector.detect(image);
    const analysis = analysePhoto(image, faces, options.analysis);
    if (!analysis.crop || !analysis.assessment) {
      const faceCheck = analysis.checks.find((c) => c.check === 'faces');
      return { photo: null, analysis, refusal: { code: faces.length > 1 ? 'PHOTO_FACES' : 'PHOTO_NO_FACE', message: faceCheck?.message?.de ?? 'Kein Gesicht erkannt.' } };
    }
    if (analysis.crop.upscaled) {
      const upscaled = analysis.checks.find((c) => c.check === 'upscaled');
      return { photo: null, analysis, refusal: { code: 'PHOTO_UPSCALING', message: upscaled?.message?.de ?? 'Der Bildausschnitt ist zu klein.' } };
    }
    const portrait = cropPortrait(image, analysis.crop.rect, profile);
    return {
      analysis,
      photo: {
        content: encodeRgbPng(portrait),
        mediaType: 'image/png',
        width: portrait.width,
        height: portrait.height,
        takenBy,
        takenAt: still.takenAt ?? now().toISOString(),
        assessment: analysis.assessment,
      },
    };
  }

  return {
    async capture() {
      return analyse(await source.captureStill());
    },
    captureFrom: analyse,
    async capturePhoto() {
      const result = analyse(await source.captureStill());
      const { photo, refusal } = await result;
      if (!photo) throw new AppError(refusal?.code ?? 'PHOTO_REFUSED', refusal?.message ?? 'Kein Lichtbild möglich.', 422);
      return photo;
    },
    health(): Promise<DeviceHealth> {
      return Promise.resolve({
        device: 'camera',
        driver: `human-${detector.backend}`,
        ok: true,
        detail: `Gesichtsmodell geladen (${detector.backend}); Vorprüfung nach ${profile.id}.`,
        detailEn: `Face model loaded (${detector.backend}); pre-check against ${profile.id}.`,
        checkedAt: now().toISOString(),
      });
    },
  };
}
