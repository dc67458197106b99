import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { attachmentUrl, type CaseAttachment, type FieldSpec, type Violation } from '../../api/cases.ts';
import { searchPersons, type SearchHit } from '../../api/register.ts';
import { formatPartialDate } from '../../lib/dates.ts';
import { formatAddress, fullName } from '../../lib/names.ts';
import { Button } from '../../ui/Button.tsx';
import { Checkbox, FieldError, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { SignaturePad } from '../../ui/SignaturePad.tsx';
import { BrowserCamera } from './BrowserCamera.tsx';
import { addressParts, fieldDomId, getPath, imageAttachment, textIn } from './form-model.ts';

type Plain = Record<string, unknown>;

export interface FieldProps {
  field: FieldSpec;
  /** The step's input values (the stored data in input shape, plus unsaved edits). */
  values: Plain;
  onChange: (name: string, value: unknown) => void;
  violations: readonly Violation[];
  attachments: readonly CaseAttachment[];
  caseId: string;
  disabled: boolean;
  busy: boolean;
  /**
   * Runs the field's device action (camera, fingerprint sensor, scanner, terminal); `option` is the choice of a device field with options (the finger),
   * `input` more input for the action (the browser camera's frame); answers whether it succeeded, where the page tells.
   */
  onDeviceAction: (field: FieldSpec, option?: string, input?: Record<string, unknown>) => void | Promise<boolean>;
  /** Stores a signature or an upload as an attachment and sets the field to its id. */
  onUpload: (field: FieldSpec, content: Blob) => void;
}

/** One field of a workflow's guided form, rendered by its kind; errors come from the rules. */
export function CaseField(props: FieldProps) {
  const { field, values, onChange, violations, disabled } = props;
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const id = fieldDomId(field.name);
  const label = textIn(field.label, lang);
  const hint = field.help ? textIn(field.help, lang) : undefined;
  const error = violations.length > 0 ? violations.map((v) => textIn(v.message, lang)).join(' ') : undefined;
  const value = getPath(values, field.name);
  const optional = !field.required;

  switch (field.kind) {
    case 'text': case 'date': case 'time': case 'number':
      return (
        <TextField
          id={id}
          label={label}
          hint={hint}
          error={error}
          optional={optional}
          type={field.kind === 'number' ? 'text' : field.kind}
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          width={field.kind === 'text' ? 'default' : 'short'}
          value={String(value ?? '')}
          disabled={disabled}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
    case 'textarea':
      return <TextArea id={id} label={label} hint={hint} error={error} optional={optional} value={String(value ?? '')} disabled={disabled} onChange={(text) => onChange(field.name, text)} />;
    case 'boolean':
      return (
        <div className={error ? 'kern-form-input kern-form-input--error' : undefined}>
          <Checkbox id={id} label={label} hint={hint} checked={value === true} disabled={disabled} onChange={(event) => onChange(field.name, event.target.checked)} />
          {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
        </div>
      );
    case 'select':
      return (
        <SelectField
          id={id}
          label={label}
          hint={hint}
          error={error}
          optional={optional}
          value={String(value ?? '')}
          disabled={disabled}
          options={[{ value: '', label: '–' }, ...(field.options ?? []).map((option) => ({ value: option.value, label: textIn(option.label, lang) }))]}
          onChange={(event) => onChange(field.name, event.target.value)}
        />
      );
    case 'multiselect': {
      const selected = Array.isArray(value) ? value.map(String) : [];
      return (
        <Fieldset legend={label} error={error} errorId={`${id}-error`}>
          {(field.options ?? []).map((option) => (
            <Checkbox
              key={option.value}
              id={`${id}-${option.value}`}
              label={textIn(option.label, lang)}
              checked={selected.includes(option.value)}
              disabled={disabled}
              onChange={(event) => onChange(field.name, event.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value))}
            />
          ))}
        </Fieldset>
      );
    }
    case 'address':
      return <AddressInput id={id} legend={label} hint={hint} error={error} value={value} disabled={disabled} onChange={(next) => onChange(field.name, next)} />;
    case 'person':
      return <PersonPicker id={id} label={label} hint={hint} error={error} value={String(value ?? '')} disabled={disabled} onChange={(next) => onChange(field.name, next)} />;
    case 'device':
      return <DeviceField {...props} id={id} label={label} hint={hint} error={error} />;
    case 'signature':
      return <SignatureField {...props} id={id} label={label} hint={hint} error={error} />;
    case 'upload':
      return <UploadField {...props} id={id} label={label} hint={hint} error={error} />;
  }
}

function TextArea({ id, label, hint, error, optional, value, disabled, onChange }: {
  id: string; label: string; hint?: string; error?: string; optional: boolean; value: string; disabled: boolean; onChange: (text: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className={['kern-form-input', error && 'kern-form-input--error'].filter(Boolean).join(' ')}>
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional && <span className="kern-label__optional"> – {t('common.optional')}</span>}
      </label>
      {hint && <div className="kern-hint" id={`${id}-hint`}>{hint}</div>}
      <textarea
        id={id}
        className={['kern-form-input__input', error && 'kern-form-input__input--error'].filter(Boolean).join(' ')}
        rows={3}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}

function AddressInput({ id, legend, hint, error, value, disabled, onChange }: {
  id: string; legend: string; hint?: string; error?: string; value: unknown; disabled: boolean; onChange: (next: Plain) => void;
}) {
  const { t } = useTranslation();
  const current: Plain = typeof value === 'object' && value !== null ? (value as Plain) : {};
  return (
    <Fieldset legend={legend} error={error} errorId={`${id}-error`}>
      {hint && <div className="kern-hint">{hint}</div>}
      {addressParts.map((part) => (
        <TextField
          key={part}
          id={`${id}-${part}`}
          label={t(`cases.address.${part}`)}
          optional={part === 'addition'}
          width={part === 'houseNumber' || part === 'postcode' || part === 'addition' ? 'short' : 'default'}
          value={String(current[part] ?? '')}
          disabled={disabled}
          onChange={(event) => onChange({ ...current, [part]: event.target.value })}
        />
      ))}
    </Fieldset>
  );
}

/**
 * Chooses a register person by name (family members moving together, a Betreuer). Searching is
 * a logged register access, so it runs on the button, not per keystroke.
 */
function PersonPicker({ id, label, hint, error, value, disabled, onChange }: {
  id: string; label: string; hint?: string; error?: string; value: string; disabled: boolean; onChange: (personId: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [chosen, setChosen] = useState<SearchHit | null>(null);
  const [searching, setSearching] = useState(false);
  const resultsId = useId();
  const search = async () => {
    if (name.trim() === '') return;
    setSearching(true);
    try {
      setHits(await searchPersons(api, { name, purpose: t('cases.personPicker.purpose'), limit: 8 }));
    } finally {
      setSearching(false);
    }
  };
  return (
    <Fieldset legend={label} error={error} errorId={`${id}-error`}>
      {hint && <div className="kern-hint">{hint}</div>}
      {value && (
        <p className="kern-body" id={id} tabIndex={-1}>
          {t('cases.personPicker.chosen')}: <strong>{chosen ? fullName(chosen) : value}</strong>{' '}
          <Button variant="tertiary" icon="close" disabled={disabled} onClick={() => { onChange(''); setChosen(null); }}>{t('cases.personPicker.remove')}</Button>
        </p>
      )}
      <div className="bk-inline-search">
        <TextField
          id={value ? `${id}-name` : id}
          label={t('cases.personPicker.name')}
          value={name}
          disabled={disabled}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => { if (event.key === 'Enter') { event.preventDefault(); void search(); } }}
        />
        <Button variant="secondary" icon="search" busy={searching} disabled={disabled} onClick={() => void search()}>{t('cases.personPicker.search')}</Button>
      </div>
      {hits && (
        <ul className="kern-list bk-picker-hits" id={resultsId} aria-live="polite">
          {hits.length === 0 && <li className="kern-body">{t('cases.personPicker.none')}</li>}
          {hits.map((hit) => (
            <li key={hit.personId} className="kern-body">
              <Button variant="tertiary" onClick={() => { onChange(hit.personId); setChosen(hit); setHits(null); }}>
                {fullName(hit)}, {formatPartialDate(hit.birthDate)}{hit.address ? `, ${formatAddress(hit.address)}` : ''}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Fieldset>
  );
}

type ExtraProps = FieldProps & { id: string; label: string; hint?: string; error?: string };

function FieldFrame({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className={['kern-form-input', 'bk-device-field', error && 'kern-form-input--error'].filter(Boolean).join(' ')} role="group" aria-labelledby={`${id}-label`}>
      <p className="kern-label" id={`${id}-label`}>{label}</p>
      {hint && <div className="kern-hint">{hint}</div>}
      {children}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}

/** What a device action stored: the images it took (every attachment it references) and its result in words. */
function StoredResult({ value, attachments, caseId }: { value: unknown; attachments: readonly CaseAttachment[]; caseId: string }) {
  const { t } = useTranslation();
  if (value === undefined || value === null || value === '') return <p className="kern-body kern-body--muted">{t('cases.device.nothingYet')}</p>;
  const images = referencedImages(value, attachments);
  return (
    <div className="bk-device-result">
      {images.length > 0 && (
        <ul className="bk-device-result__images">
          {images.map((image, index) => (
            <li key={image.id}><img src={attachmentUrl(caseId, image.id)} alt={t('cases.device.imageAlt', { n: index + 1 })} className="bk-device-result__image" /></li>
          ))}
        </ul>
      )}
      <ResultSummary value={value} attachments={attachments} />
    </div>
  );
}

/** The image attachments a stored value references, at any depth, in order. */
function referencedImages(value: unknown, attachments: readonly CaseAttachment[]): CaseAttachment[] {
  const found: CaseAttachment[] = [];
  const visit = (node: unknown) => {
    const image = imageAttachment(node, attachments);
    if (image && !found.includes(image)) found.push(image);
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) Object.values(node as Plain).forEach(visit);
  };
  visit(value);
  return found;
}

/** A device's result as short text: objects as "key: value"; attachment ids are shown as images instead. */
function ResultSummary({ value, attachments }: { value: unknown; attachments: readonly CaseAttachment[] }) {
  const isAttachment = (v: unknown) => typeof v === 'string' && attachments.some((a) => a.id === v);
  const isOnlyAttachments = (v: unknown): boolean => isAttachment(v) || (Array.isArray(v) && v.length > 0 && v.every(isOnlyAttachments));
  if (typeof value !== 'object' || value === null) {
    return isAttachment(value) ? null : <p className="kern-body">{String(value)}</p>;
  }
  if (Array.isArray(value)) {
    if (isOnlyAttachments(value)) return null;
    return <ol className="kern-list kern-list--bullet">{value.map((item, index) => <li key={index} className="kern-body"><ResultSummary value={item} attachments={attachments} /></li>)}</ol>;
  }
  const entries = Object.entries(value as Plain).filter(([, v]) => v !== null && v !== undefined && !isOnlyAttachments(v));
  return (
    <ul className="kern-list bk-result-list">
      {entries.map(([key, v]) => (
        <li key={key} className="kern-body kern-body--small">
          <span className="bk-result-list__key">{key}</span>: {typeof v === 'object' ? <ResultSummary value={v} attachments={attachments} /> : String(v)}
        </li>
      ))}
    </ul>
  );
}

function DeviceField({ field, values, attachments, caseId, disabled, busy, onDeviceAction, id, label, hint, error }: ExtraProps) {
  const { t, i18n } = useTranslation();
  const options = field.options ?? [];
  const [option, setOption] = useState(options[0]?.value ?? '');
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <StoredResult value={getPath(values, field.name)} attachments={attachments} caseId={caseId} />
      {options.length > 0 && (
        <SelectField
          id={`${id}-option`}
          label={t('cases.device.option', { label })}
          value={option}
          disabled={disabled}
          options={options.map((o) => ({ value: o.value, label: textIn(o.label, i18n.language) }))}
          onChange={(event) => setOption(event.target.value)}
        />
      )}
      <Button id={id} variant="secondary" icon="arrow-forward" busy={busy} disabled={disabled} onClick={() => onDeviceAction(field, options.length > 0 ? option : undefined)}>
        {t('cases.device.run', { label })}
      </Button>
      {field.action === 'take_photo' && (
        <BrowserCamera disabled={disabled}
          onStill={async (still, override) => (await onDeviceAction(field, undefined, override.length > 0 ? { still, override: { checks: override } } : { still })) === true} />
      )}
    </FieldFrame>
  );
}

function SignatureField({ field, values, attachments, caseId, disabled, busy, onUpload, id, label, hint, error }: ExtraProps) {
  const value = getPath(values, field.name);
  return (
    <div className={error ? 'kern-form-input--error' : undefined}>
      {typeof value === 'string' && value && <StoredResult value={value} attachments={attachments} caseId={caseId} />}
      {!disabled && <SignaturePad id={id} label={label} hint={hint} busy={busy} errorId={error ? `${id}-error` : undefined} onSave={(blob) => onUpload(field, blob)} />}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}

function UploadField({ field, values, attachments, caseId, disabled, busy, onUpload, id, label, hint, error }: ExtraProps) {
  const { t } = useTranslation();
  return (
    <FieldFrame id={`${id}-frame`} label={label} hint={hint} error={error}>
      <StoredResult value={getPath(values, field.name)} attachments={attachments} caseId={caseId} />
      <label className="kern-label kern-label--small" htmlFor={id}>{t('cases.upload.choose')}</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,application/pdf"
        className="bk-file-input"
        disabled={disabled || busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onUpload(field, file);
          event.target.value = '';
        }}
      />
    </FieldFrame>
  );
}
