import { useCallback, useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

export interface SignaturePadProps {
  /** Visible label above the pad (e.g. "Unterschrift der antragstellenden Person"). */
  label: string;
  hint?: string;
  /** Called with the PNG of the drawn signature. */
  onSave: (png: Blob) => void | Promise<void>;
  busy?: boolean;
  /** Id of an error text, tied to the pad for screen readers. */
  errorId?: string;
  id?: string;
  /** Canvas size in CSS pixels; drawn at device resolution for a sharp print. */
  width?: number;
  height?: number;
}

/**
 * A signature written with finger, pen or mouse (pointer events cover all three). The pad itself
 * cannot be used from a keyboard — nobody signs with one — so the form offers the alternative
 * "Person kann nicht unterschreiben" next to it; both buttons here are plain, focusable buttons.
 */
export function SignaturePad({ label, hint, onSave, busy = false, errorId, id, width = 480, height = 180 }: SignaturePadProps) {
  const { t } = useTranslation();
  const generated = useId();
  const padId = id ?? `sig${generated}`;
  const hintId = `${padId}-hint`;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [empty, setEmpty] = useState(true);

  const context = useCallback(() => canvasRef.current?.getContext('2d') ?? null, []);

  // Device pixels for a sharp print; white background so the PNG has no transparent ink area.
  const reset = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = context();
    if (!canvas || !ctx) return;
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#0b1f66';
    setEmpty(true);
  }, [context, width, height]);

  useEffect(() => reset(), [reset]);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * width, y: ((event.clientY - rect.top) / rect.height) * height };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = point(event);
    const ctx = context();
    if (ctx) {
      // A tap leaves a dot (initials with a full stop).
      ctx.beginPath();
      ctx.arc(drawing.current.x, drawing.current.y, 1.2, 0, Math.PI * 2);
      ctx.fillStyle = '#0b1f66';
      ctx.fill();
    }
    setEmpty(false);
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    const ctx = context();
    if (!from || !ctx) return;
    const to = point(event);
    // Pens report pressure; a light touch draws a thinner line.
    ctx.lineWidth = event.pointerType === 'pen' && event.pressure > 0 ? 1.2 + event.pressure * 2.8 : 2.5;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    drawing.current = to;
  };

  const stop = () => {
    drawing.current = null;
  };

  const save = () => {
    canvasRef.current?.toBlob((blob) => {
      if (blob) void onSave(blob);
    }, 'image/png');
  };

  return (
    <div className="bk-signature" role="group" aria-labelledby={`${padId}-label`} aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}>
      <p className="kern-label" id={`${padId}-label`}>{label}</p>
      <p className="kern-hint" id={hintId}>{hint ?? t('signature.hint')}</p>
      <canvas
        ref={canvasRef}
        id={padId}
        className="bk-signature__pad"
        style={{ width: `${width}px`, height: `${height}px` }}
        role="img"
        aria-label={empty ? t('signature.emptyPad') : t('signature.drawnPad')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={stop}
        onPointerCancel={stop}
        onPointerLeave={stop}
      />
      <div className="kern-btn-wrapper bk-signature__actions">
        <Button variant="secondary" icon="delete" onClick={reset} disabled={empty || busy}>{t('signature.clear')}</Button>
        <Button variant="primary" icon="check" onClick={save} disabled={empty} busy={busy}>{t('signature.save')}</Button>
      </div>
    </div>
  );
}
