import { defaultShot, renderPortrait } from './camera-simulator.ts';
import { buergerkofferPhotoProfile } from './photo-profile.ts';
import type { CapturedPhoto, PhotoAssessment, PhotoCodeProvider } from './types.ts';

/**
 * A certified photo provider's cloud for development and tests (PAuswV Kapitel 2: the studio
 * uploads the photo, the citizen brings a code, the authority fetches it). The provider keeps a
 * photo for a limited time only, so an old code no longer answers.
 */
export interface StoredPhotoCode {
  /** The studio: the lichtbildaufnehmende Stelle. */
  takenBy?: string;
  takenAt?: string;
  shot?: Partial<PhotoAssessment>;
  /** The provider reports no geometry for this photo. */
  withoutAssessment?: boolean;
}

export interface PhotoCodeSimulatorOptions {
  /** Known codes. Without this map, every well-formed code answers with a fresh photo from `defaultProvider`. */
  photos?: Record<string, StoredPhotoCode>;
  defaultProvider?: string;
  /** How long the provider keeps a photo (hours). */
  retentionHours?: number;
  now?: () => Date;
  failWith?: string;
}

export const photoCodePattern = /^[A-Z0-9]{4}(?:-?[A-Z0-9]{4}){1,4}$/;

export function createPhotoCodeSimulator(options: PhotoCodeSimulatorOptions = {}): PhotoCodeProvider {
  const now = options.now ?? (() => new Date());
  const retentionHours = options.retentionHours ?? 96;
  return {
    fetchPhoto(rawCode) {
      if (options.failWith) return Promise.reject(new Error(options.failWith));
      const code = rawCode.trim().toUpperCase();
      if (!photoCodePattern.test(code)) {
        return Promise.reject(new Error(`"${rawCode}" is not a photo code: expected groups of 4 letters or digits, e.g. AB12-CD34-EF56.`));
      }
      const stored: StoredPhotoCode | undefined = options.photos ? options.photos[code] : {};
      if (!stored) {
        return Promise.reject(new Error(`The provider knows no photo with code ${code}; check the code on the citizen's receipt.`));
      }
      const at = now();
      const takenAt = stored.takenAt ?? new Date(at.getTime() - 60 * 60 * 1000).toISOString();
      if (at.getTime() - Date.parse(takenAt) > retentionHours * 3600 * 1000) {
        return Promise.reject(new Error(`The photo with code ${code} was taken on ${takenAt} and the provider has deleted it after ${retentionHours} hours; the citizen needs a new photo.`));
      }
      const assessment: PhotoAssessment = {
        ...defaultShot,
        ...stored.shot,
        sourceCrop: { ...defaultShot.sourceCrop, ...stored.shot?.sourceCrop },
        background: { ...defaultShot.background, ...stored.shot?.background },
      };
      const { width, height } = buergerkofferPhotoProfile;
      const photo: CapturedPhoto = {
        content: renderPortrait(width, height, assessment),
        mediaType: 'image/png',
        width,
        height,
        takenBy: stored.takenBy ?? options.defaultProvider ?? 'Foto Beispiel GmbH (zertifizierter Lichtbilddienstleister)',
        takenAt,
      };
      if (!stored.withoutAssessment) photo.assessment = assessment;
      return Promise.resolve(photo);
    },
  };
}
