import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.ts';
import { submitPortalRequest, type PortalCreated } from '../../api/portal.ts';
import { requestProblemsOf, requesterRelations, requestServiceIds, urgencies } from '../../api/requests.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/ErrorSummary.tsx';
import { Checkbox, FieldError, Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import { useRequestLabel } from '../requests/labels.ts';
import {
  emptyPortalForm, portalFieldId, portalFieldOf, portalFormSchema, portalRequestBody, proofProblem, relationsNeedingProof, type PortalForm,
} from './portal-form.ts';
import { portalErrorText } from './portal-texts.ts';
import { usePow } from './usePow.ts';

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

const weekdays = ['1', '2', '3', '4', '5'];

/** /hausbesuch: the public request form (no login). */
export function PortalRequestPage() {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const fieldError = useFieldError();
  const pow = usePow();
  const [attempt, setAttempt] = useState(0);
  const [proof, setProof] = useState<File | null>(null);
  const [proofError, setProofError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [created, setCreated] = useState<PortalCreated | null>(null);
  const form = useForm<PortalForm>({ resolver: zodResolver(portalFormSchema), defaultValues: emptyPortalForm });
  const { register, handleSubmit, control, setError, formState: { errors } } = form;
  const relation = useWatch({ control, name: 'requester.relation' });
  const locationKind = useWatch({ control, name: 'location.kind' });
  const urgency = useWatch({ control, name: 'urgency' });
  const needsProof = relationsNeedingProof.includes(relation);
  const en = i18n.language.startsWith('en');

  const checkProof = () => {
    const problem = proofProblem(relation, proof);
    setProofError(problem);
    return problem === null;
  };

  const onValid = async (values: PortalForm) => {
    if (!checkProof()) { setAttempt((n) => n + 1); return; }
    setServerError(null);
    setSending(true);
    try {
      const solution = await pow.solution();
      setCreated(await submitPortalRequest({ ...portalRequestBody(values), solution }, needsProof ? proof : null));
      window.scrollTo?.(0, 0);
    } catch (error) {
      const problems = isApiError(error) ? requestProblemsOf(error.details) : [];
      for (const problem of problems) {
        const text = en ? problem.message.en : problem.message.de;
        if (problem.field === 'proof') setProofError(text);
        else setError(portalFieldOf(problem.field) as Path<PortalForm>, { message: text });
      }
      if (isApiError(error) && (error.code === 'POW_INVALID' || error.code === 'POW_SPENT')) pow.renew();
      if (problems.length === 0) setServerError(error);
      setAttempt((n) => n + 1);
    } finally {
      setSending(false);
    }
  };
  const onSubmit = handleSubmit(onValid, () => { checkProof(); setAttempt((n) => n + 1); });

  if (created) {
    const path = new URL(created.statusUrl).pathname;
    return (
      <div className="bk-narrow kern-stack-lg">
        <PageTitle>{t('portal.done.title')}</PageTitle>
        <Alert variant="success" role="status" title={t('portal.done.title')}>
          <p className="kern-body">{t('portal.done.reference')}: <strong className="bk-mono">{created.reference}</strong></p>
          <p className="kern-body">{t('portal.done.referenceHint')}</p>
        </Alert>
        <p className="kern-body">
          {created.acknowledgement === 'sent' ? t('portal.done.mailSent') : created.acknowledgement === 'failed' ? t('portal.done.mailFailed') : t('portal.done.noMail')}
        </p>
        <p className="kern-body"><Link className="kern-link" to={path}>{t('portal.done.statusLink')}</Link></p>
        <p className="kern-body bk-mono kern-body--small">{created.statusUrl}</p>
        <p className="kern-body kern-body--small">{t('portal.done.keepLink')}</p>
      </div>
    );
  }

  const flat = flatErrors(errors as FieldErrors);
  const summary: ErrorSummaryItem[] = [
    ...flat.map((e) => ({ key: e.name, text: fieldError({ message: e.message }) ?? e.message, targetId: portalFieldId(e.name) })),
    ...(proofError ? [{ key: 'proof', text: fieldError({ message: proofError }) ?? proofError, targetId: portalFieldId('proof') }] : []),
  ];
  const reg = (name: Path<PortalForm>) => ({ id: portalFieldId(name), ...register(name) });
  const err = (name: string) => {
    const found = flat.find((e) => e.name === name);
    return found ? fieldError({ message: found.message }) : undefined;
  };
  const textarea = (name: Path<PortalForm>, text: string, hint?: string, optional = true) => {
    const id = portalFieldId(name);
    const error = err(name);
    return (
      <div className={['kern-form-input', error && 'kern-form-input--error'].filter(Boolean).join(' ')}>
        <label className="kern-label" htmlFor={id}>{text}{optional && <span className="kern-label__optional"> – {t('common.optional')}</span>}</label>
        {hint && <div className="kern-hint" id={`${id}-hint`}>{hint}</div>}
        <textarea className="kern-form-input__input" rows={3} aria-invalid={error ? true : undefined}
          aria-describedby={[hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined} {...reg(name)} />
        {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
      </div>
    );
  };
  const radio = (name: 'location.kind', value: string, text: string) => (
    <div className="kern-form-check" key={value}>
      <input type="radio" className="kern-form-check__radio" id={value === 'home' ? portalFieldId(name) : `${portalFieldId(name)}-${value}`} value={value} {...register(name)} />
      <label className="kern-label" htmlFor={value === 'home' ? portalFieldId(name) : `${portalFieldId(name)}-${value}`}>{text}</label>
    </div>
  );
  const proofId = portalFieldId('proof');
  const serverText = serverError === null ? null : portalErrorText(looseTranslator(i18n), serverError, i18n.language);

  return (
    <div className="bk-narrow">
      <PageTitle>{t('portal.form.title')}</PageTitle>
      <p className="kern-body">{t('portal.form.intro')}</p>
      <p className="kern-body kern-body--small">{t('portal.form.required')}</p>
      <ErrorSummary title={t('portal.form.errorSummary')} items={summary} focusKey={summary.length ? attempt : undefined} />
      {serverError !== null && (
        serverText
          ? <Alert key={attempt} variant="danger" role="alert" focusOnShow title={t('common.errorTitle')}><p className="kern-body">{serverText}</p></Alert>
          : <ApiErrorAlert key={attempt} error={serverError} />
      )}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={(event) => void onSubmit(event)} aria-label={t('portal.form.title')}>
        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.requester')}</h2>}>
          <TextField label={t('portal.form.requesterName')} autoComplete="name" error={err('requester.name')} {...reg('requester.name')} />
          <SelectField label={t('portal.form.relation')} options={requesterRelations.map((r) => ({ value: r, label: label('relation', r) }))} {...reg('requester.relation')} />
          {(relation === 'care_home' || relation === 'other') && (
            <TextField label={t('portal.form.organisation')} optional autoComplete="organization" {...reg('requester.organisation')} />
          )}
          <p className="kern-body kern-body--small">{t('portal.form.contactHint')}</p>
          <TextField label={t('portal.form.email')} hint={t('portal.form.emailHint')} type="email" optional autoComplete="email" error={err('requester.email')} {...reg('requester.email')} />
          <TextField label={t('portal.form.phone')} type="tel" optional autoComplete="tel" error={err('requester.phone')} {...reg('requester.phone')} />
          {textarea('requester.postalAddress', t('portal.form.postalAddress'), t('portal.form.postalAddressHint'))}
          <SelectField label={t('portal.form.preferredContact')} error={err('requester.preferredContact')}
            options={(['email', 'phone', 'letter'] as const).map((c) => ({ value: c, label: label('contact', c) }))} {...reg('requester.preferredContact')} />
          {needsProof && (
            <div className={['kern-form-input', proofError && 'kern-form-input--error'].filter(Boolean).join(' ')}>
              <label className="kern-label" htmlFor={proofId}>{t('portal.form.proof')}</label>
              <div className="kern-hint" id={`${proofId}-hint`}>{t('portal.form.proofHint')}</div>
              <input id={proofId} type="file" className="kern-form-input__input" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                aria-invalid={proofError ? true : undefined} aria-describedby={[`${proofId}-hint`, proofError && `${proofId}-error`].filter(Boolean).join(' ')}
                onChange={(event) => { setProof(event.target.files?.[0] ?? null); setProofError(null); }} />
              {proofError && <FieldError id={`${proofId}-error`}>{fieldError({ message: proofError }) ?? proofError}</FieldError>}
            </div>
          )}
        </Fieldset>

        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.subject')}</h2>}>
          <TextField label={t('portal.form.familyName')} autoComplete="off" error={err('subject.familyName')} {...reg('subject.familyName')} />
          <TextField label={t('portal.form.givenNames')} autoComplete="off" error={err('subject.givenNames')} {...reg('subject.givenNames')} />
          <TextField label={t('portal.form.birthDate')} hint={t('portal.form.birthDateHint')} optional autoComplete="off" width="short" error={err('subject.birthDate')} {...reg('subject.birthDate')} />
          <TextField label={t('portal.form.subjectAddress')} optional autoComplete="off" {...reg('subject.address')} />
        </Fieldset>

        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.services')}</h2>} error={err('services')} errorId={`${portalFieldId('services')}-error`}>
          {requestServiceIds.map((id, index) => (
            <Checkbox key={id} id={index === 0 ? portalFieldId('services') : undefined} label={label('service', id)} value={id} {...register('services')} />
          ))}
        </Fieldset>

        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.location')}</h2>}>
          <div className="kern-fieldset__body kern-fieldset__body--horizontal" role="radiogroup" aria-label={t('portal.form.location')}>
            {radio('location.kind', 'home', t('portal.form.locationHome'))}
            {radio('location.kind', 'institution', t('portal.form.locationInstitution'))}
          </div>
          {locationKind === 'institution' && (
            <TextField label={t('portal.form.institutionName')} autoComplete="off" error={err('location.institutionName')} {...reg('location.institutionName')} />
          )}
          <TextField label={t('portal.form.street')} autoComplete="street-address" error={err('location.street')} {...reg('location.street')} />
          <TextField label={t('portal.form.houseNumber')} width="short" autoComplete="off" error={err('location.houseNumber')} {...reg('location.houseNumber')} />
          <TextField label={t('portal.form.postcode')} width="short" inputMode="numeric" autoComplete="postal-code" error={err('location.postcode')} {...reg('location.postcode')} />
          <TextField label={t('portal.form.city')} autoComplete="address-level2" error={err('location.city')} {...reg('location.city')} />
          <TextField label={t('portal.form.addition')} optional autoComplete="off" error={err('location.addition')} {...reg('location.addition')} />
        </Fieldset>

        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.availability')}</h2>}>
          <p className="kern-hint">{t('portal.form.availabilityHint')}</p>
          <div className="kern-fieldset__body kern-fieldset__body--horizontal">
            {weekdays.map((day) => <Checkbox key={day} label={label('weekday', day)} value={day} {...register('weekdays')} />)}
          </div>
          <TextField label={t('portal.form.from')} width="short" inputMode="numeric" error={err('from')} {...reg('from')} />
          <TextField label={t('portal.form.to')} width="short" inputMode="numeric" error={err('to')} {...reg('to')} />
        </Fieldset>

        <Fieldset legend={<h2 className="kern-heading-small">{t('portal.form.urgency')}</h2>}>
          <SelectField label={t('portal.form.urgency')} options={urgencies.map((u) => ({ value: u, label: label('urgency', u) }))} {...reg('urgency')} />
          {urgency !== 'normal' && (
            <TextField label={t('portal.form.urgencyReason')} hint={t('portal.form.urgencyReasonHint')} error={err('urgencyReason')} {...reg('urgencyReason')} />
          )}
          {textarea('notes', t('portal.form.notes'))}
        </Fieldset>

        <div className={['kern-form-input', err('consent') && 'kern-form-input--error'].filter(Boolean).join(' ')}>
          <p className="kern-body kern-body--small">{t('portal.form.privacy')}</p>
          <Checkbox id={portalFieldId('consent')} label={t('portal.form.consent')} {...register('consent')} />
          {err('consent') && <FieldError id={`${portalFieldId('consent')}-error`}>{err('consent')}</FieldError>}
        </div>

        <div className="kern-stack-sm">
          <p className="kern-body kern-body--small" role="status" aria-live="polite">
            {pow.state.status === 'failed' ? t('portal.form.powFailed')
              : sending && pow.state.status === 'solving' ? t('portal.form.powWaiting')
                : pow.state.status === 'ready' ? t('portal.form.powDone') : t('portal.form.powRunning', { percent: pow.state.percent })}
          </p>
          <p className="kern-body kern-body--small">{t('portal.form.powExplain')}</p>
          <Button type="submit" busy={sending} disabled={pow.state.status === 'failed'}>{sending ? t('portal.form.sending') : t('portal.form.submit')}</Button>
        </div>
      </form>
    </div>
  );
}
