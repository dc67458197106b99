import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/index.ts';
import { listInstitutions, type Institution } from '../../api/institutions.ts';
import { requesterRelations, requestProblemsOf, requestServiceIds, updateVisitRequest, type RequestView } from '../../api/requests.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/ErrorSummary.tsx';
import { Checkbox, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import { useRequestLabel } from './labels.ts';
import { emptyPhoneForm, formFieldOf, phoneRequestBody, type PhoneForm } from './NewRequestPage.tsx';

const editId = (name: string) => `bearbeiten-${name.replace(/\./g, '-')}`;

/** The stored request as the phone form's values, so the form's own mapping gives the server's body. */
export function formFromView(view: RequestView): PhoneForm {
  const r = view.requester;
  const l = view.location;
  return {
    ...emptyPhoneForm,
    requester: {
      name: r.name, relation: r.relation, organisation: r.organisation ?? '', phone: r.phone ?? '', email: r.email ?? '',
      postalAddress: (r.postalAddress ?? []).join('\n'), preferredContact: r.preferredContact, easyLanguage: !!r.easyLanguage,
    },
    subject: { familyName: view.subject.familyName, givenNames: view.subject.givenNames, birthDate: view.subject.birthDate ?? '', address: view.subject.address ?? '' },
    services: [...view.services],
    location: l
      ? { kind: l.kind, institutionId: l.institutionId ?? '', street: l.street, houseNumber: l.houseNumber, postcode: l.postcode, city: l.city, addition: l.addition ?? '' }
      : emptyPhoneForm.location,
  };
}

/**
 * The edit as the PATCH body: subject, requester, services and place as whole objects (the rest
 * stays as stored). The register's address stays linked while the address itself is unchanged.
 */
export function editRequestBody(view: RequestView, values: PhoneForm, open: boolean, institutions: readonly Institution[] = []) {
  const body = phoneRequestBody(values, 'open', institutions);
  const before = view.location;
  const location = body.location && before?.addressId && body.location.kind === before.kind && body.location.street === before.street
    && body.location.houseNumber === before.houseNumber && body.location.postcode === before.postcode
    ? { ...body.location, addressId: before.addressId } : body.location;
  return { version: view.version, ...(open ? { open: true } : {}), subject: body.subject, requester: body.requester, services: body.services, location };
}

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

/**
 * Editing a request on its page: who is to be visited, who asked, what for and where. A draft from
 * a mail arrives with none of that; the dispatcher reads it out of the mail, saves (a draft may
 * stay incomplete) or completes it as open. The server checks everything and names each problem
 * at its field.
 */
export function EditRequest({ view, onSaved }: { view: RequestView; onSaved: (next: RequestView) => void }) {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const fieldError = useFieldError();
  const queryClient = useQueryClient();
  const isDraft = view.status === 'draft';
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const form = useForm<PhoneForm>({ defaultValues: formFromView(view) });
  const { register, control, handleSubmit, setError, clearErrors, formState: { errors } } = form;
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: ({ signal }) => listInstitutions(api, signal) });
  const locationKind = useWatch({ control, name: 'location.kind' });
  const mutation = useMutation({
    mutationFn: ({ values, open }: { values: PhoneForm; open: boolean }) =>
      updateVisitRequest(api, view.id, editRequestBody(view, values, open, institutions.data ?? [])),
    onSuccess: async (next) => {
      setSaved(true);
      onSaved(next);
      await queryClient.invalidateQueries({ queryKey: ['visit-requests'] });
    },
    onError: (error) => {
      setSaved(false);
      for (const problem of isApiError(error) ? requestProblemsOf(error.details) : []) {
        setError(formFieldOf(problem.field) as Path<PhoneForm>, { message: i18n.language.startsWith('en') ? problem.message.en : problem.message.de });
      }
      setAttempt((n) => n + 1);
    },
  });
  const save = (open: boolean) => handleSubmit((values) => { clearErrors(); mutation.mutate({ values, open }); });
  const flat = flatErrors(errors as FieldErrors);
  const summary: ErrorSummaryItem[] = flat.map((e) => ({ key: e.name, text: fieldError({ message: e.message }) ?? e.message, targetId: editId(e.name) }));
  const serverProblems = mutation.isError && isApiError(mutation.error) && requestProblemsOf(mutation.error.details).length > 0;
  const reg = (name: Path<PhoneForm>) => ({ id: editId(name), ...register(name) });
  const err = (name: string) => {
    const found = flat.find((e) => e.name === name);
    return found ? fieldError({ message: found.message }) : undefined;
  };
  const title = isDraft ? t('requests.detail.editDraft') : t('requests.detail.edit');
  return (
    <section className="bk-section" aria-labelledby="bearbeiten">
      <h2 className="kern-heading-medium" id="bearbeiten">{title}</h2>
      <ErrorSummary title={t('requests.form.errorSummary')} items={summary} focusKey={summary.length ? attempt : undefined} />
      {mutation.isError && !serverProblems && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {saved && !mutation.isPending && <Alert variant="success" role="status" title={t('requests.detail.saved')} />}
      <form className="kern-stack-lg bk-form" noValidate aria-labelledby="bearbeiten" onSubmit={(event) => void save(isDraft)(event)}>
        <Fieldset legend={<h3 className="kern-heading-small">{t('requests.form.subject')}</h3>}>
          <TextField label={t('requests.form.familyName')} autoComplete="off" error={err('subject.familyName')} {...reg('subject.familyName')} />
          <TextField label={t('requests.form.givenNames')} autoComplete="off" error={err('subject.givenNames')} {...reg('subject.givenNames')} />
          <TextField label={t('requests.form.birthDate')} hint={t('requests.form.birthDateHint')} optional autoComplete="off" width="short"
            error={err('subject.birthDate')} {...reg('subject.birthDate')} />
        </Fieldset>
        <Fieldset legend={<h3 className="kern-heading-small">{t('requests.detail.requester')}</h3>}>
          <TextField label={t('requests.form.callerName')} autoComplete="off" error={err('requester.name')} {...reg('requester.name')} />
          <SelectField label={t('requests.form.relation')} options={requesterRelations.map((r) => ({ value: r, label: label('relation', r) }))} {...reg('requester.relation')} />
        </Fieldset>
        <Fieldset legend={<h3 className="kern-heading-small">{t('requests.form.services')}</h3>} error={err('services')} errorId={`${editId('services')}-error`}>
          {requestServiceIds.map((id, index) => (
            <Checkbox key={id} id={index === 0 ? editId('services') : `${editId('services')}-${id}`} label={label('service', id)} value={id} {...register('services')} />
          ))}
        </Fieldset>
        <Fieldset legend={<h3 className="kern-heading-small">{t('requests.form.location')}</h3>}>
          <SelectField
            label={t('requests.form.locationKind')}
            options={[{ value: '', label: t('requests.form.locationNone') }, { value: 'home', label: t('requests.form.locationHome') }, { value: 'institution', label: t('requests.form.locationInstitution') }]}
            {...reg('location.kind')}
          />
          {locationKind === 'institution' && (
            <>
              <SelectField label={t('requests.form.institution')} error={err('location.institutionId')}
                options={[{ value: '', label: t('requests.form.institutionChoose') }, ...(institutions.data ?? []).map((i) => ({ value: i.id, label: `${i.name}, ${i.street} ${i.houseNumber}` }))]}
                {...reg('location.institutionId')} />
              <TextField label={t('requests.form.room')} optional autoComplete="off" {...reg('location.addition')} />
            </>
          )}
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
        <div className="kern-btn-wrapper">
          {isDraft && <Button type="submit" icon="check" busy={mutation.isPending}>{t('requests.detail.completeDraft')}</Button>}
          <Button type={isDraft ? 'button' : 'submit'} variant={isDraft ? 'secondary' : 'primary'} busy={mutation.isPending}
            onClick={isDraft ? () => void save(false)() : undefined}>{t('requests.detail.saveChanges')}</Button>
        </div>
      </form>
    </section>
  );
}
