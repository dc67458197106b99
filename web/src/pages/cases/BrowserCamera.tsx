import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhotoCapture } from '../../kit/PhotoCapture.tsx';
import { Button } from '../../ui/Button.tsx';

/** Where the server serves the face model (src/platform/http/face-models.ts). */
export const faceModelsPath = '/models/human/';

function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The camera frame could not be read.'));
    reader.readAsDataURL(blob);
  });
}

/**
 * The browser's camera for the photo device field: opens the live pre-check (PhotoCapture);
 * Accept sends the whole frozen frame — the server analyses and cuts it itself, so the client's
 * cut is only the officer's preview. `override` names the failed profile checks the officer
 * explicitly accepted the photo despite (take_photo records them with it). `onStill` answers
 * whether the server took the photo; on a refusal the camera stays open for the next attempt.
 */
export function BrowserCamera({ disabled, onStill }: { disabled: boolean; onStill: (still: string, override: string[]) => Promise<boolean> }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggleId = `${id}-toggle`;
  const close = () => {
    setOpen(false);
    // Back to the button that opened it, for keyboard and screen-reader users.
    requestAnimationFrame(() => document.getElementById(toggleId)?.focus());
  };
  return (
    <div className="bk-browser-camera">
      <Button
        id={toggleId}
        variant="secondary"
        icon={open ? 'close' : 'photo-camera'}
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        disabled={disabled && !open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {open ? t('cases.camera.close') : t('cases.camera.open')}
      </Button>
      {open && (
        <div id={`${id}-panel`} className="bk-browser-camera__panel">
          <PhotoCapture
            modelBasePath={faceModelsPath}
            backend="webgl"
            onAccept={async ({ still, override }) => {
              if (await onStill(await dataUrlOf(still), override)) close();
            }}
          />
        </div>
      )}
    </div>
  );
}
