import type { Ref, TextareaHTMLAttributes } from 'react';
import { FieldError } from '../../ui/fields.tsx';

/**
 * A required reason as a KERN textarea with label, hint and error tied to it. The page moves the
 * focus here on a failed submit, so a screen reader reads the label, "invalid" and the error.
 */
export function ReasonField({ id, label, hint, error, ref, ...textarea }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  id: string; label: string; hint?: string; error?: string | null; ref?: Ref<HTMLTextAreaElement>;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={['kern-form-input', error && 'kern-form-input--error'].filter(Boolean).join(' ')}>
      <label className="kern-label" htmlFor={id}>{label}</label>
      {hint && <div className="kern-hint" id={hintId}>{hint}</div>}
      <textarea
        ref={ref}
        id={id}
        className={['kern-form-input__input', error && 'kern-form-input__input--error'].filter(Boolean).join(' ')}
        rows={3}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        {...textarea}
      />
      {error && errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}
