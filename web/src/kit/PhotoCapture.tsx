import type { Config } from '@vladmandic/human';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analysePhoto, cropPortrait, type DetectedFace, type PhotoAnalysis, type PreCheckId, type RgbaImage } from '../../../src/devices/photo-analysis.ts';
import { Alert } from '../ui/Alert.tsx';
import { Button } from '../ui/Button.tsx';
import { Checkbox } from '../ui/fields.tsx';
import { acceptState, browserHumanConfig, checkLabelKey, checkOrder, isAdvisory, messageFor, overridableFailures } from './photo-capture-model.ts';

/** Finds the faces in a frame; the default loads @vladmandic/human from `modelBasePath`. */
export type FaceFinder = (frame: HTMLCanvasElement) => Promise<DetectedFace[]>;

export interface PhotoCaptureProps {
  /** Where the server serves node_modules/@vladmandic/human/models, e.g. "/kit/models/human/". */
  modelBasePath: string;
  /** tfjs backend in the browser; WebGL needs no extra files. */
  backend?: 'webgl' | 'wasm';
  /** Local URL of the tfjs WASM binaries, needed for backend "wasm". */
  wasmPath?: string;
  /** Milliseconds between two live checks. */
  intervalMs?: number;
  /** Another face finder (tests, a kit with its own module). */
  findFaces?: FaceFinder;
  /**
   * The officer accepted: the 1244×1600 PNG and the analysis it passed, and the whole frozen frame
   * as JPEG (`still`) for a server that analyses and cuts it itself. `override` names the failed
   * profile checks the officer explicitly accepted it despite (empty when all were met), for the record.
   */
  onAccept: (capture: { png: Blob; still: Blob; analysis: PhotoAnalysis; override: PreCheckId[] }) => void | Promise<void>;
  /** The officer vetoed the frozen photo; the live view resumes. */
  onVeto?: (analysis: PhotoAnalysis | null) => void;
}

type Phase = 'starting' | 'live' | 'frozen' | 'failed';

async function humanFinder(config: Record<string, unknown>): Promise<FaceFinder> {
  // Loaded on demand: the model library is large and only the kit's photo step needs it.
  const { Human } = await import('@vladmandic/human');
  const human = new Human(config as Partial<Config>);
  await human.load();
  return async (frame) => (await human.detect(frame)).face;
}

/**
 * The kit's photo step: the camera's live picture with the pre-check of every frame (one face,
 * pose, TR-03121 geometry, sharpness, exposure, background), then the frozen, cut portrait that
 * the officer accepts or vetoes. Runs the same analysis as the kit server. The checks help the
 * officer; the certified capture module keeps the last word.
 */
export function PhotoCapture({ modelBasePath, backend = 'webgl', wasmPath, intervalMs = 400, findFaces, onAccept, onVeto }: PhotoCaptureProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const frameRef = useRef<HTMLCanvasElement | null>(null);
  const finderRef = useRef<FaceFinder | null>(findFaces ?? null);
  const lastRef = useRef<{ image: RgbaImage; analysis: PhotoAnalysis } | null>(null);
  const [phase, setPhase] = useState<Phase>('starting');
  const [problem, setProblem] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<PhotoAnalysis | null>(null);
  const [portrait, setPortrait] = useState<{ png: Blob; url: string } | null>(null);
  const [still, setStill] = useState<Blob | null>(null);
  const [busy, setBusy] = useState(false);
  // The officer's explicit "accept despite the findings", for the frozen photo only.
  const [override, setOverride] = useState(false);

  // Camera and model once; the tracks stop when the step is left.
  useEffect(() => {
    let cancelled = false;
    let stream: MediaStream | null = null;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 4096 }, height: { ideal: 3072 } }, audio: false });
        if (cancelled) return;
        const video = videoRef.current;
        if (video) {
          video.srcObject = stream;
          await video.play().catch(() => undefined);
        }
      } catch (error) {
        if (!cancelled) {
          setProblem(t('photoCapture.cameraError', { reason: (error as Error).message || String(error) }));
          setPhase('failed');
        }
        return;
      }
      try {
        finderRef.current ??= await humanFinder(browserHumanConfig(wasmPath ? { modelBasePath, backend, wasmPath } : { modelBasePath, backend }));
        if (!cancelled) setPhase('live');
      } catch (error) {
        if (!cancelled) {
          setProblem(t('photoCapture.modelError', { reason: (error as Error).message || String(error) }));
          setPhase('failed');
        }
      }
    })();
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // The camera and model start once per mount; changed props take effect on the next mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The live check: one frame at a time, never overlapping.
  useEffect(() => {
    if (phase !== 'live') return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const video = videoRef.current;
      const find = finderRef.current;
      if (video && find && video.readyState >= 2 && video.videoWidth > 0) {
        const canvas = (frameRef.current ??= document.createElement('canvas'));
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (ctx) {
          ctx.drawImage(video, 0, 0);
          try {
            const faces = await find(canvas);
            if (stopped) return;
            const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
            const image: RgbaImage = { width: pixels.width, height: pixels.height, data: pixels.data };
            const result = analysePhoto(image, faces);
            lastRef.current = { image, analysis: result };
            setAnalysis(result);
          } catch (error) {
            setProblem(t('photoCapture.modelError', { reason: (error as Error).message }));
          }
        }
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [phase, intervalMs, t]);

  useEffect(() => () => { if (portrait) URL.revokeObjectURL(portrait.url); }, [portrait]);

  const freeze = useCallback(() => {
    const last = lastRef.current;
    setPhase('frozen');
    setOverride(false);
    // The officer judges the frame the checks were made on, not the moving picture.
    videoRef.current?.pause();
    if (!last) return;
    setAnalysis(last.analysis);
    // The frame the checks ran on (the live canvas may already hold a newer one).
    const frame = document.createElement('canvas');
    frame.width = last.image.width;
    frame.height = last.image.height;
    frame.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(last.image.data), last.image.width, last.image.height), 0, 0);
    frame.toBlob((jpeg) => setStill(jpeg), 'image/jpeg', 0.95);
    const crop = last.analysis.crop;
    if (!crop || crop.upscaled) return;
    const cut = cropPortrait(last.image, crop.rect);
    const canvas = document.createElement('canvas');
    canvas.width = cut.width;
    canvas.height = cut.height;
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(cut.data), cut.width, cut.height), 0, 0);
    canvas.toBlob((png) => { if (png) setPortrait({ png, url: URL.createObjectURL(png) }); }, 'image/png');
  }, []);

  const veto = useCallback(() => {
    onVeto?.(lastRef.current?.analysis ?? null);
    setPortrait(null);
    setStill(null);
    setOverride(false);
    setPhase('live');
    void videoRef.current?.play().catch(() => undefined);
  }, [onVeto]);

  const accept = useCallback(async () => {
    const last = lastRef.current;
    if (!portrait || !still || !last) return;
    const decided = acceptState(last.analysis, override);
    if (!decided.ok) return;
    setBusy(true);
    try {
      await onAccept({ png: portrait.png, still, analysis: last.analysis, override: decided.overridden });
    } finally {
      setBusy(false);
    }
  }, [onAccept, portrait, still, override]);

  const state = acceptState(analysis, override);
  // What the profile checks alone say: the failed ones the officer may accept the photo despite.
  const findings = phase === 'frozen' && portrait ? overridableFailures(analysis) : [];
  const findingNames = findings.map((check) => t(checkLabelKey(check))).join(', ');
  const failedCount = analysis ? analysis.checks.filter((c) => !c.ok).length : 0;
  const checks = analysis ? checkOrder.map((check) => analysis.checks.find((c) => c.check === check)).filter((c) => c !== undefined) : [];
  const checksId = `${id}-checks`;

  return (
    <section className="bk-photo-capture" aria-labelledby={`${id}-title`}>
      <h2 className="kern-heading-medium" id={`${id}-title`}>{t('photoCapture.title')}</h2>
      <p className="kern-body">{t('photoCapture.disclaimer')}</p>
      {problem && <Alert variant="danger" role="alert" title={t('photoCapture.problemTitle')}>{problem}</Alert>}
      {phase === 'starting' && <p className="kern-body" role="status">{t('photoCapture.starting')}</p>}

      <div className="bk-photo-capture__views" style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
        <video
          ref={videoRef}
          muted
          playsInline
          aria-label={t('photoCapture.video')}
          hidden={phase === 'frozen' && portrait !== null}
          style={{ maxWidth: '100%', width: '480px', background: '#222' }}
        />
        {phase === 'frozen' && portrait && (
          <img src={portrait.url} alt={t('photoCapture.preview')} width={311} height={400} style={{ border: '1px solid #888', alignSelf: 'flex-start', width: '311px', height: '400px' }} />
        )}
      </div>

      <div role="group" aria-labelledby={`${id}-checks-title`}>
        <h3 className="kern-heading-small" id={`${id}-checks-title`}>{t('photoCapture.checksTitle')}</h3>
        <p className="kern-body" id={checksId} role="status" aria-live="polite">
          {!analysis ? t('photoCapture.waiting') : failedCount === 0 ? t('photoCapture.allPassed') : t('photoCapture.someFailed', { count: failedCount })}
        </p>
        <ul className="bk-photo-capture__checks" style={{ listStyle: 'none', padding: 0 }}>
          {checks.map((check) => {
            const message = check.ok ? null : messageFor(check, i18n.language);
            return (
              <li key={check.check} data-check={check.check} data-ok={check.ok} style={{ marginBottom: '0.4rem' }}>
                <span className={`kern-icon kern-icon--${check.ok ? 'success' : isAdvisory(check.check) ? 'warning' : 'danger'}`} aria-hidden="true" />{' '}
                <strong>{t(checkLabelKey(check.check))}</strong>
                {': '}
                {check.ok ? t('photoCapture.passed') : isAdvisory(check.check) ? t('photoCapture.advice') : t('photoCapture.failed')}
                {' – '}
                <span>{t('photoCapture.measured', { value: check.value, limit: check.limit })}</span>
                {message && <><br /><span className="kern-hint">{message}</span></>}
              </li>
            );
          })}
        </ul>
      </div>

      {findings.length > 0 && analysis && (
        <Alert variant="warning" headingLevel={3} title={t('photoCapture.findingsTitle', { count: findings.length })}>
          <ul className="bk-photo-capture__findings">
            {findings.map((check) => {
              const found = analysis.checks.find((c) => c.check === check);
              return (
                <li key={check} className="kern-body" data-finding={check}>
                  <strong>{t(checkLabelKey(check))}</strong>
                  {found && <>{': '}{t('photoCapture.measured', { value: found.value, limit: found.limit })}</>}
                  {found && messageFor(found, i18n.language) && <>{' – '}{messageFor(found, i18n.language)}</>}
                </li>
              );
            })}
          </ul>
          <Checkbox id={`${id}-override`} checked={override} onChange={(event) => setOverride(event.target.checked)}
            label={t('photoCapture.override', { checks: findingNames })} hint={t('photoCapture.overrideHint')} />
        </Alert>
      )}

      <div className="kern-btn-wrapper">
        {phase !== 'frozen' && (
          <Button variant="primary" icon="photo-camera" onClick={freeze} disabled={phase !== 'live' || !analysis}>{t('photoCapture.capture')}</Button>
        )}
        {phase === 'frozen' && (
          <>
            <Button variant="primary" icon="check" onClick={() => void accept()} disabled={!state.ok || !portrait || !still} busy={busy} aria-describedby={`${id}-accept-hint`}>
              {t('photoCapture.accept')}
            </Button>
            <Button variant="secondary" icon="close" onClick={veto}>{t('photoCapture.veto')}</Button>
          </>
        )}
      </div>
      {phase === 'frozen' && (
        <p className="kern-hint" id={`${id}-accept-hint`}>
          {state.ok
            ? (state.overridden.length > 0 ? t('photoCapture.acceptOverridden', { checks: findingNames })
              : state.warnings > 0 ? t('photoCapture.acceptWithWarnings', { count: state.warnings }) : t('photoCapture.acceptReady'))
            : state.reason === 'profile' ? t('photoCapture.acceptBlocked') : t('photoCapture.noPortrait')}
        </p>
      )}
    </section>
  );
}
