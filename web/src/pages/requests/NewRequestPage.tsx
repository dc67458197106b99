import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldErrors, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/index.ts';
import { listInstitutions, type Institution } from '../../api/institutions.ts';
import type { SearchHit } from '../../api/register.ts';
import {
  contactKinds, createPhoneRequest, requesterRelations, requestProblemsOf, requestServiceIds, urgencies, type NewPhoneRequest,
} from '../../api/requests.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/ErrorSummary.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import { IntakeMatch } from './IntakeMatch.tsx';
import { useRequestLabel } from './labels.ts';
import { useCan } from '../../app/session.tsx';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'requests.form.timeInvalid');
export const phoneFormSchema = z.object({
  requester: z.object({
    name: z.string().trim().min(1, 'validation.required'), relation: z.enum(requesterRelations), organisation: z.string(),
    phone: z.string(), email: z.string(), postalAddress: z.string(), preferredContact: z.enum(contactKinds), easyLanguage: z.boolean(),
  }),
  subject: z.object({ familyName: z.string().trim().min(1, 'validation.required'), givenNames: z.string().trim().min(1, 'validation.required'), birthDate: z.string(), address: z.string() }),
  services: z.array(z.string()),
  location: z.object({ kind: z.enum(['', 'home', 'institution']), institutionId: z.string(), street: z.string(), houseNumber: z.string(), postcode: z.string(), city: z.string(), addition: z.string() }),
  availability: z.array(z.object({ weekday: z.string(), from: time, to: time })),
  urgency: z.enum(urgencies), urgencyReason: z.string(),
  neededBy: z.string().refine((v) => v === '' || /^\d{4}-\d{2}-\d{2}$/.test(v), 'requests.form.dateInvalid'),
  notes: z.string(),
}).refine((v) => v.location.kind !== 'institution' || v.location.institutionId !== '', { path: ['location', 'institutionId'], message: 'requests.form.institutionMissing' });
export type PhoneForm = z.infer<typeof phoneFormSchema>;

const blankToUndefined = (value: string) => (value.trim() ? value.trim() : undefined);

/** The form's values as the server's create body. */
export function phoneRequestBody(values: PhoneForm, status: 'draft' | 'open', institutions: readonly Institution[] = []): NewPhoneRequest {
  const r = values.requester;
  const lines = r.postalAddress.split('\n').map((line) => line.trim()).filter(Boolean);
  const l = values.location;
  return {
    status,
    requester: {
      name: r.name.trim(), relation: r.relation, organisation: blankToUndefined(r.organisation), phone: blankToUndefined(r.phone),
      email: blankToUndefined(r.email), postalAddress: lines.length ? lines : undefined, preferredContact: r.preferredContact,
      easyLanguage: r.easyLanguage || undefined,
    },
    subject: {
      familyName: values.subject.familyName.trim(), givenNames: values.subject.givenNames.trim(),
      birthDate: blankToUndefined(values.subject.birthDate), address: blankToUndefined(values.subject.address),
    },
    services: values.services,
    location: l.kind === '' ? null : l.kind === 'institution' ? institutionLocation(l, institutions) : {
      kind: l.kind, street: l.street.trim(), houseNumber: l.houseNumber.trim(), postcode: l.postcode.trim(), city: l.city.trim(), addition: blankToUndefined(l.addition),
    },
    availability: values.availability.map((w) => ({ weekday: w.weekday ? Number(w.weekday) : undefined, from: w.from, to: w.to })),
    urgency: values.urgency, urgencyReason: blankToUndefined(values.urgencyReason) ?? null,
    neededBy: blankToUndefined(values.neededBy) ?? null, notes: blankToUndefined(values.notes) ?? null,
  };
}

/** A Sammeltermin's place: the institution's own address, with the room or ward as the addition. */
function institutionLocation(l: PhoneForm['location'], institutions: readonly Institution[]): NonNullable<NewPhoneRequest['location']> {
  const institution = institutions.find((i) => i.id === l.institutionId);
  return {
    kind: 'institution', ...(l.institutionId ? { institutionId: l.institutionId } : {}),
    street: institution?.street ?? l.street.trim(), houseNumber: institution?.houseNumber ?? l.houseNumber.trim(),
    postcode: institution?.postcode ?? l.postcode.trim(), city: institution?.city ?? l.city.trim(), addition: blankToUndefined(l.addition),
  };
}

/** Server field paths ("requester.postalAddress", "availability.0") → the form's field names. */
export function formFieldOf(field: string): string {
  if (/^services\.\d+$/.test(field)) return 'services';
  if (/^availability\.\d+$/.test(field)) return `${field}.from`;
  return field;
}

export const fieldDomId = (name: string) => `anfrage-${name.replace(/\./g, '-')}`;

export const emptyPhoneForm: PhoneForm = {
  requester: { name: '', relation: 'self', organisation: '', phone: '', email: '', postalAddress: '', preferredContact: 'phone', easyLanguage: false },
  subject: { familyName: '', givenNames: '', birthDate: '', address: '' },
  services: [],
  location: { kind: '', institutionId: '', street: '', houseNumber: '', postcode: '', city: '', addition: '' },
  availability: [], urgency: 'normal', urgencyReason: '', neededBy: '', notes: '',
};

function flatErrors(errors: FieldErrors, prefix = ''): { name: string; message: string }[] {
  const out: { name: string; message: string }[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || key === 'ref') continue;
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === 'string') out.push({ name, message: (value as { message: string }).message });
    else if (typeof value === 'object') out.push(...flatErrors(value as FieldErrors, name));
  }
  return out;
}

export function NewRequestPage() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const label = useRequestLabel();
  const fieldError = useFieldError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const form = useForm<PhoneForm>({ resolver: zodResolver(phoneFormSchema), defaultValues: emptyPhoneForm });
  const { register, handleSubmit, control, setError, formState: { errors } } = form;
  const windows = useFieldArray({ control, name: 'availability' });
  const [chosen, setChosen] = useState<SearchHit | null>(null);
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: ({ signal }) => listInstitutions(api, signal) });
  const create = useMutation({
    // The register match goes through its own logged call, after the request exists to name as the purpose.
    mutationFn: async (body: NewPhoneRequest) => {
      const created = await createPhoneRequest(api, body);
      if (chosen) await api.post(`/api/visit-requests/${created.request.id}/match`, { personId: chosen.personId, version: created.request.version });
      return created;
    },
    onSuccess: async ({ request }) => {
      await queryClient.invalidateQueries({ queryKey: ['visit-requests'] });
      navigate(`/anfragen/${request.id}`, { state: { created: request.reference } });
    },
    onError: (error) => {
      const problems = isApiError(error) ? requestProblemsOf(error.details) : [];
      for (const problem of problems) {
        setError(formFieldOf(problem.field) as Path<PhoneForm>, { message: i18n.language.startsWith('en') ? problem.message.en : problem.message.de });
      }
      setAttempt((n) => n + 1);
    },
  });
  const submitAs = (status: 'draft' | 'open') => handleSubmit(
    (values) => create.mutate(phoneRequestBody(values, status, institutions.data ?? [])),
    () => setAttempt((n) => n + 1),
  );
  const summary: ErrorSummaryItem[] = flatErrors(errors as FieldErrors).map((e) => ({ key: e.name, text: fieldError({ message: e.message }) ?? e.message, targetId: fieldDomId(e.name) }));
  const serverProblems = create.isError && isApiError(create.error) && requestProblemsOf(create.error.details).length > 0;
  const reg = (name: Path<PhoneForm>) => ({ id: fieldDomId(name), ...register(name) });
  const err = (name: string) => {
    const found = flatErrors(errors as FieldErrors).find((e) => e.name === name);
    return found ? fieldError({ message: found.message }) : undefined;
  };
  const locationKind = useWatch({ control, name: 'location.kind' });
  const urgency = useWatch({ control, name: 'urgency' });
  const subject = useWatch({ control, name: 'subject' });
  const useRegisterAddress = (hit: SearchHit) => {
    if (!hit.address) return;
    form.setValue('location.kind', 'home');
    form.setValue('location.street', hit.address.street);
    form.setValue('location.houseNumber', hit.address.houseNumber);
    form.setValue('location.postcode', hit.address.postcode);
    form.setValue('location.city', hit.address.city);
  };
  return (
    <div className="bk-narrow">
      <p className="kern-body"><Link className="kern-link" to="/anfragen">{t('requests.back')}</Link></p>
      <PageTitle>{t('requests.form.title')}</PageTitle>
      <p className="kern-body">{t('requests.form.intro')}</p>
      <ErrorSummary title={t('requests.form.errorSummary')} items={summary} focusKey={summary.length ? attempt : undefined} />
      {create.isError && !serverProblems && <ApiErrorAlert key={attempt} error={create.error} />}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={submitAs('open')} aria-label={t('requests.form.title')}>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.caller')}</h2>}>
          <TextField label={t('requests.form.callerName')} autoComplete="off" autoFocus error={err('requester.name')} {...reg('requester.name')} />
          <SelectField label={t('requests.form.relation')} options={requesterRelations.map((r) => ({ value: r, label: label('relation', r) }))} {...reg('requester.relation')} />
          <TextField label={t('requests.form.organisation')} optional autoComplete="off" {...reg('requester.organisation')} />
          <TextField label={t('requests.form.phone')} type="tel" optional autoComplete="off" error={err('requester.phone')} {...reg('requester.phone')} />
          <TextField label={t('requests.form.email')} type="email" optional autoComplete="off" error={err('requester.email')} {...reg('requester.email')} />
          <div className={['kern-form-input', err('requester.postalAddress') && 'kern-form-input--error'].filter(Boolean).join(' ')}>
            <label className="kern-label" htmlFor={fieldDomId('requester.postalAddress')}>{t('requests.form.postalAddress')}<span className="kern-label__optional"> – {t('common.optional')}</span></label>
            <textarea className="kern-form-input__input" rows={3} aria-invalid={err('requester.postalAddress') ? true : undefined} {...reg('requester.postalAddress')} />
            {err('requester.postalAddress') && <p className="kern-error" role="none"><span className="kern-body">{err('requester.postalAddress')}</span></p>}
          </div>
          <SelectField label={t('requests.form.preferredContact')} options={contactKinds.map((c) => ({ value: c, label: label('contact', c) }))} {...reg('requester.preferredContact')} />
          <Checkbox label={t('requests.form.easyLanguage')} {...reg('requester.easyLanguage')} />
        </Fieldset>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.subject')}</h2>}>
          <TextField label={t('requests.form.familyName')} autoComplete="off" error={err('subject.familyName')} {...reg('subject.familyName')} />
          <TextField label={t('requests.form.givenNames')} autoComplete="off" error={err('subject.givenNames')} {...reg('subject.givenNames')} />
          <TextField label={t('requests.form.birthDate')} hint={t('requests.form.birthDateHint')} optional autoComplete="off" width="short" error={err('subject.birthDate')} {...reg('subject.birthDate')} />
          <TextField label={t('requests.form.subjectAddress')} optional autoComplete="off" {...reg('subject.address')} />
          {can('register.search') && <IntakeMatch subject={subject} chosen={chosen} onChoose={setChosen} onUseAddress={useRegisterAddress} />}
        </Fieldset>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.services')}</h2>} error={err('services')} errorId={`${fieldDomId('services')}-error`}>
          {requestServiceIds.map((id, index) => (
            <Checkbox key={id} id={index === 0 ? fieldDomId('services') : undefined} label={label('service', id)} value={id} {...register('services')} />
          ))}
        </Fieldset>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.location')}</h2>}>
          <SelectField
            label={t('requests.form.locationKind')}
            options={[{ value: '', label: t('requests.form.locationNone') }, { value: 'home', label: t('requests.form.locationHome') }, { value: 'institution', label: t('requests.form.locationInstitution') }]}
            {...reg('location.kind')}
          />
          {locationKind === 'institution' && (
            <SelectField
              label={t('requests.form.institution')}
              error={err('location.institutionId')}
              options={[{ value: '', label: t('requests.form.institutionChoose') },
                ...(institutions.data ?? []).map((i) => ({ value: i.id, label: `${i.name}, ${i.street} ${i.houseNumber}` }))]}
              {...reg('location.institutionId')}
            />
          )}
          {locationKind === 'institution' && <TextField label={t('requests.form.room')} optional autoComplete="off" {...reg('location.addition')} />}
          {locationKind === 'home' && (
            <>
              <TextField label={t('requests.form.street')} autoComplete="off" error={err('location.street')} {...reg('location.street')} />
              <TextField label={t('requests.form.houseNumber')} autoComplete="off" width="short" error={err('location.houseNumber')} {...reg('location.houseNumber')} />
              <TextField label={t('requests.form.postcode')} autoComplete="off" inputMode="numeric" width="short" error={err('location.postcode')} {...reg('location.postcode')} />
              <TextField label={t('requests.form.city')} autoComplete="off" error={err('location.city')} {...reg('location.city')} />
              <TextField label={t('requests.form.addition')} optional autoComplete="off" {...reg('location.addition')} />
            </>
          )}
        </Fieldset>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.availability')}</h2>}>
          <p className="kern-hint">{t('requests.form.availabilityHint')}</p>
          {windows.fields.map((field, index) => (
            <div key={field.id} className="kern-stack" role="group" aria-label={t('requests.form.window', { n: index + 1 })}>
              <SelectField
                label={t('requests.form.weekday')}
                options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: label('weekday', d) }))}
                {...reg(`availability.${index}.weekday`)}
              />
              <TextField label={t('requests.form.from')} type="time" width="short" error={err(`availability.${index}.from`)} {...reg(`availability.${index}.from`)} />
              <TextField label={t('requests.form.to')} type="time" width="short" error={err(`availability.${index}.to`)} {...reg(`availability.${index}.to`)} />
              <Button variant="tertiary" icon="delete" onClick={() => windows.remove(index)}>{t('requests.form.removeWindow', { n: index + 1 })}</Button>
            </div>
          ))}
          <Button variant="secondary" icon="add" onClick={() => windows.append({ weekday: '1', from: '09:00', to: '12:00' })}>{t('requests.form.addWindow')}</Button>
        </Fieldset>
        <Fieldset legend={<h2 className="kern-heading-small">{t('requests.form.urgencyTitle')}</h2>}>
          <SelectField label={t('requests.form.urgency')} options={urgencies.map((u) => ({ value: u, label: label('urgency', u) }))} {...reg('urgency')} />
          {urgency !== 'normal' && <TextField label={t('requests.form.urgencyReason')} autoComplete="off" error={err('urgencyReason')} {...reg('urgencyReason')} />}
          <TextField label={t('requests.form.neededBy')} type="date" optional width="short" error={err('neededBy')} {...reg('neededBy')} />
        </Fieldset>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor={fieldDomId('notes')}>{t('requests.form.notes')}<span className="kern-label__optional"> – {t('common.optional')}</span></label>
          <textarea className="kern-form-input__input" rows={4} {...reg('notes')} />
        </div>
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="check" busy={create.isPending}>{t('requests.form.saveOpen')}</Button>
          <Button variant="secondary" busy={create.isPending} onClick={() => void submitAs('draft')()}>{t('requests.form.saveDraft')}</Button>
        </div>
      </form>
    </div>
  );
}
