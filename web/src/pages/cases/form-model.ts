/**
 * The pure part of the guided case flow: reading and writing dot paths in the case data, which
 * fields a step shows, where a rule violation belongs, and how a step's values become the PATCH
 * the server deep-merges. No React here, so the kit can reuse it and the tests stay plain.
 */
import type { CaseAttachment, CaseData, FieldSpec, FormStep, Text, Violation } from '../../api/cases.ts';

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dot path ("address.street"); undefined when any part is missing. */
export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (!isPlain(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of `data` with the value at the dot path replaced; intermediate objects are created. */
export function setPath(data: Plain, path: string, value: unknown): Plain {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return data;
  if (rest.length === 0) return { ...data, [head]: value };
  const child = isPlain(data[head]) ? data[head] : {};
  return { ...data, [head]: setPath(child, rest.join('.'), value) };
}

/** Deep-merges `patch` into `data` as the server does for PATCH: plain objects merge, null deletes, the rest replaces. */
export function mergePatch(data: Plain, patch: Plain): Plain {
  const out: Plain = { ...data };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isPlain(value) && isPlain(out[key])) out[key] = mergePatch(out[key], value);
    else out[key] = value;
  }
  return out;
}

/** Whether a value counts as "set" for visibleWhen without `equals`: empty strings, arrays and false do not. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** visibleWhen: shown when the data at `field` equals one of `equals`, or is set when `equals` is absent. */
export function isVisible(field: Pick<FieldSpec, 'visibleWhen'>, data: unknown): boolean {
  const rule = field.visibleWhen;
  if (!rule) return true;
  const value = getPath(data, rule.field);
  if (!rule.equals) return truthy(value);
  // Compared as text: an input holds "3" where the stored data holds 3.
  const wanted = rule.equals.map(String);
  if (Array.isArray(value)) return value.some((item) => wanted.includes(String(item)));
  return value !== undefined && value !== null && wanted.includes(String(value));
}

export function visibleFields(step: FormStep, data: unknown): FieldSpec[] {
  return step.fields.filter((field) => isVisible(field, data));
}

/** Does a violation at `path` concern the field `name`? The field itself, a part of it, or the group it is part of. */
function concerns(name: string, path: string): boolean {
  return path === name || path.startsWith(`${name}.`) || name.startsWith(`${path}.`);
}

/**
 * The field a violation is shown at: the most specific field of the form it concerns; null for
 * violations of the case as a whole or of data no field of the form holds (shown in the summary only).
 */
export function fieldOfViolation(violation: Violation, fields: readonly FieldSpec[]): FieldSpec | null {
  const path = violation.field;
  if (!path) return null;
  const exact = fields.find((field) => field.name === path);
  if (exact) return exact;
  // "address.postcode" belongs to the field "address"; prefer the longest such name.
  const containing = fields.filter((field) => path.startsWith(`${field.name}.`)).sort((a, b) => b.name.length - a.name.length);
  if (containing[0]) return containing[0];
  // "photo" concerns the fields "photo.code" and "photo.takenBy": show it at the first.
  return fields.find((field) => concerns(field.name, path)) ?? null;
}

/** Every violation grouped by the field it is shown at; violations without a field under the key ''. */
export function violationsByField(violations: readonly Violation[], fields: readonly FieldSpec[]): Map<string, Violation[]> {
  const out = new Map<string, Violation[]>();
  for (const violation of violations) {
    const key = fieldOfViolation(violation, fields)?.name ?? '';
    out.set(key, [...(out.get(key) ?? []), violation]);
  }
  return out;
}

/** The index of the step that holds the field (for the summary's links); -1 when none does. */
export function stepOfField(steps: readonly FormStep[], name: string): number {
  return steps.findIndex((step) => step.fields.some((field) => field.name === name));
}

/** The steps a set of violations touches, by index (to mark them in the stepper). */
export function stepsWithViolations(steps: readonly FormStep[], violations: readonly Violation[]): Set<number> {
  const all = steps.flatMap((step) => step.fields);
  const out = new Set<number>();
  for (const violation of violations) {
    const field = fieldOfViolation(violation, all);
    if (field) out.add(stepOfField(steps, field.name));
  }
  return out;
}

/** A DOM id for a field, stable and valid for any dot path. */
export function fieldDomId(name: string, prefix = 'feld'): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** What an input of the given kind shows for the stored value (inputs hold strings). */
export function toInputValue(field: FieldSpec, value: unknown): unknown {
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'multiselect':
      return Array.isArray(value) ? value.map(String) : [];
    case 'number':
      return typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
    case 'address':
      return isPlain(value) ? value : {};
    case 'text': case 'textarea': case 'date': case 'time': case 'select': case 'person':
      return value === undefined || value === null ? '' : String(value);
    default:
      return value;
  }
}

export const addressParts = ['street', 'houseNumber', 'addition', 'postcode', 'city'] as const;

/**
 * What the server stores for an input's value: trimmed text, numbers as numbers, and null for
 * an emptied field (the PATCH deletes the key, so the rule engine sees it missing again).
 */
export function fromInputValue(field: FieldSpec, value: unknown): unknown {
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'multiselect':
      return Array.isArray(value) ? value : [];
    case 'number': {
      const text = typeof value === 'number' ? String(value) : String(value ?? '').trim().replace(',', '.');
      if (text === '') return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'address': {
      if (!isPlain(value)) return null;
      const out: Plain = {};
      for (const part of addressParts) {
        const text = String(value[part] ?? '').trim();
        out[part] = text === '' ? null : text;
      }
      return Object.values(out).every((part) => part === null) ? null : out;
    }
    case 'text': case 'textarea': case 'date': case 'time': case 'select': case 'person': {
      const text = String(value ?? '').trim();
      return text === '' ? null : text;
    }
    default:
      // device, signature, upload: written by their own requests, never by the step's save.
      return undefined;
  }
}

/** The PATCH for one step: the visible, form-editable fields of the step as nested objects. */
export function stepPatch(step: FormStep, values: Plain): Plain {
  let patch: Plain = {};
  for (const field of visibleFields(step, values)) {
    const value = fromInputValue(field, getPath(values, field.name));
    if (value === undefined) continue;
    patch = setPath(patch, field.name, value);
  }
  return patch;
}

/** An image attachment of the case referenced by a value (device results name their attachments by id). */
export function imageAttachment(value: unknown, attachments: readonly CaseAttachment[]): CaseAttachment | null {
  if (typeof value !== 'string') return null;
  const attachment = attachments.find((candidate) => candidate.id === value);
  return attachment && !attachment.deleted && attachment.mediaType.startsWith('image/') ? attachment : null;
}

/** The text in the UI's language; German when the language is unknown (documents are German). */
export function textIn(text: Text | undefined, language: string): string {
  if (!text) return '';
  return language.startsWith('en') ? text.en : text.de;
}

/** Euro cents as money in the UI's language: 4600 → "46,00 €". */
export function formatCents(cents: number, language: string): string {
  return new Intl.NumberFormat(language.startsWith('en') ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Reads an amount as people type it ("46", "46,00", "46.5") into cents; null when it is not one. */
export function parseEuro(input: string): number | null {
  const text = input.trim().replace(/\s|€/g, '');
  if (!/^\d+([.,]\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Inputs for the step form: the stored data with every field of the step in its input shape. */
export function stepValues(step: FormStep, data: CaseData): Plain {
  let values: Plain = { ...data };
  for (const field of step.fields) values = setPath(values, field.name, toInputValue(field, getPath(data, field.name)));
  return values;
}
