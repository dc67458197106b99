import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

function describedBy(...ids: (string | false | undefined | null)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">{children}</span>
    </p>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  optional?: boolean;
  id?: string;
  ref?: Ref<HTMLInputElement>;
  /** Extra ids for aria-describedby (e.g. a live result count). */
  describedBy?: string;
  width?: 'default' | 'short';
}

/** KERN text input with label, hint and error, all tied to the input for assistive technology. */
export function TextField({ label, hint, error, optional = false, id, ref, describedBy: extra, width = 'default', className, ...input }: TextFieldProps) {
  const { t } = useTranslation();
  const generated = useId();
  const inputId = id ?? `f${generated}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={['kern-form-input', error && 'kern-form-input--error', className].filter(Boolean).join(' ')}>
      <label className="kern-label" htmlFor={inputId}>
        {label}
        {optional && <span className="kern-label__optional"> – {t('common.optional')}</span>}
      </label>
      {hint && <div className="kern-hint" id={hintId}>{hint}</div>}
      <input
        ref={ref}
        id={inputId}
        className={['kern-form-input__input', error && 'kern-form-input__input--error', width === 'short' && 'bk-input--short'].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, extra)}
        {...input}
      />
      {error && errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  optional?: boolean;
  id?: string;
  ref?: Ref<HTMLSelectElement>;
  options: { value: string; label: string }[];
}

export function SelectField({ label, hint, error, optional = false, id, ref, options, className, ...select }: SelectFieldProps) {
  const { t } = useTranslation();
  const generated = useId();
  const selectId = id ?? `f${generated}`;
  const hintId = hint ? `${selectId}-hint` : undefined;
  const errorId = error ? `${selectId}-error` : undefined;
  return (
    <div className={['kern-form-input', error && 'kern-form-input--error', className].filter(Boolean).join(' ')}>
      <label className="kern-label" htmlFor={selectId}>
        {label}
        {optional && <span className="kern-label__optional"> – {t('common.optional')}</span>}
      </label>
      {hint && <div className="kern-hint" id={hintId}>{hint}</div>}
      <div className="kern-form-input__select-wrapper">
        <select
          ref={ref}
          id={selectId}
          className={['kern-form-input__select', error && 'kern-form-input__select--error'].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hintId, errorId)}
          {...select}
        >
          {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
        </select>
      </div>
      {error && errorId && <FieldError id={errorId}>{error}</FieldError>}
    </div>
  );
}

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> {
  label: ReactNode;
  hint?: ReactNode;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}

export function Checkbox({ label, hint, id, ref, ...input }: CheckboxProps) {
  const generated = useId();
  const inputId = id ?? `c${generated}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  return (
    <div className="kern-form-check">
      <input ref={ref} id={inputId} type="checkbox" className="kern-form-check__checkbox" aria-describedby={hintId} {...input} />
      <label className="kern-label" htmlFor={inputId}>{label}</label>
      {hint && <div className="kern-hint" id={hintId}>{hint}</div>}
    </div>
  );
}

/** KERN fieldset: a group of checkboxes or radios with one legend and one error. */
export function Fieldset({ legend, error, errorId, children, horizontal = false }: {
  legend: ReactNode; error?: ReactNode; errorId?: string; children: ReactNode; horizontal?: boolean;
}) {
  const generated = useId();
  const id = errorId ?? `fs${generated}-error`;
  return (
    <fieldset className={['kern-fieldset', error && 'kern-fieldset--error'].filter(Boolean).join(' ')} aria-describedby={error ? id : undefined}>
      <legend className="kern-label">{legend}</legend>
      <div className={['kern-fieldset__body', horizontal && 'kern-fieldset__body--horizontal'].filter(Boolean).join(' ')}>{children}</div>
      {error && <FieldError id={id}>{error}</FieldError>}
    </fieldset>
  );
}
