import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import {
  cancelCase, captureCase, closeCase, completeCase, documentPdfUrl, getCase, getServiceForm, handOverCase, recordPayment, reviewCase,
  runDeviceAction, updateCase, uploadAttachment, violationsOf,
  type AttachmentKind, type CaseData, type CaseDocument, type CaseView, type FieldSpec, type FormStep, type ServiceForm, type Violation,
} from '../../api/cases.ts';
import { useIsKit } from '../../api/kit.ts';
import { useCan } from '../../app/session.tsx';
import { PrintDocumentButton } from '../../kit/PrintDocumentButton.tsx';
import { formatPartialDate, formatTimestamp } from '../../lib/dates.ts';
import { fullName } from '../../lib/names.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/ErrorSummary.tsx';
import { Checkbox, Fieldset, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { RecordTable } from '../../ui/RecordTable.tsx';
import { CaseField } from './CaseFields.tsx';
import {
  fieldDomId, fieldOfViolation, formatCents, parseEuro, setPath, stepOfField, stepPatch, stepsWithViolations, stepValues,
  textIn, violationsByField, visibleFields,
} from './form-model.ts';
import { stateBadge } from './states.ts';
import { TerminalPayment } from './TerminalPayment.tsx';

type Plain = Record<string, unknown>;

/** One case at the counter: the workflow's steps, then the summary with fee, payment, completion and documents. */
export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const caseQuery = useQuery({
    queryKey: ['case', id],
    queryFn: ({ signal }) => getCase(api, id, signal),
    // While the outbox still delivers the case's messages, look again: the case moves on by itself.
    refetchInterval: (query) => (query.state.data?.messages.some((m) => m.status === 'pending' || m.status === 'sending') ? 3000 : false),
  });
  const serviceId = caseQuery.data?.serviceId;
  const formQuery = useQuery({
    queryKey: ['service-form', serviceId],
    queryFn: ({ signal }) => getServiceForm(api, serviceId ?? '', signal),
    enabled: Boolean(serviceId),
    staleTime: Infinity,
  });
  if (caseQuery.isError || formQuery.isError) {
    return (
      <>
        <PageTitle>{t('cases.errorTitle')}</PageTitle>
        <ApiErrorAlert error={caseQuery.error ?? formQuery.error} />
      </>
    );
  }
  if (!caseQuery.data || !formQuery.data) {
    return (
      <>
        <PageTitle>{t('cases.loadingTitle')}</PageTitle>
        <Loader label={t('cases.loading')} />
      </>
    );
  }
  return <CaseFlow view={caseQuery.data} form={formQuery.data} />;
}

/** The attachment kind an upload field stores, from its name (the workflow names the evidence it wants). */
function attachmentKindOf(field: FieldSpec): AttachmentKind {
  const name = field.name.toLowerCase();
  if (field.kind === 'signature') return 'signature';
  if (name.includes('writtenrequest') || name.includes('written_request')) return 'written_request';
  if (name.includes('wohnungsgeber')) return 'wohnungsgeberbestaetigung';
  if (name.includes('scan') || name.includes('evidence') || name.includes('form')) return 'scan';
  return 'other';
}

function CaseFlow({ view, form }: { view: CaseView; form: ServiceForm }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const can = useCan();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  // Steps whose fields the stored data hides altogether (an erweitertes Führungszeugnis not asked for) are skipped.
  const steps = useMemo(() => form.steps.filter((s) => visibleFields(s, view.data).length > 0), [form.steps, view.data]);
  const overviewIndex = steps.length;
  const requested = Number(searchParams.get('schritt') ?? '0');
  const stepIndex = Number.isInteger(requested) && requested >= 0 && requested <= overviewIndex ? requested : 0;
  const step: FormStep | undefined = steps[stepIndex];
  const editable = view.allowedActions.includes('update') && can('cases.write');
  const [attempt, setAttempt] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const setView = (next: CaseView) => queryClient.setQueryData(['case', next.id], next);
  const goTo = (index: number) => {
    setSearchParams((params) => { params.set('schritt', String(index)); return params; });
  };
  // The stepper's links save the open step first; the step form keeps how in this ref.
  const saveOpenStep = useRef<() => Promise<void>>(async () => {});
  const saveThen = async (then: () => void) => {
    try {
      await saveOpenStep.current();
      then();
    } catch {
      // the step form shows the error
    }
  };

  const allFields = useMemo(() => steps.flatMap((s) => s.fields), [steps]);
  const flagged = stepsWithViolations(steps, view.violations);
  const title = `${textIn(view.serviceName, lang)}${view.person ? ` – ${fullName(view.person)}` : ''}`;

  return (
    <article className="bk-case">
      <PageTitle documentTitle={title}>{textIn(view.serviceName, lang)}</PageTitle>
      <CaseHeader view={view} />
      <p className="bk-visually-hidden" role="status" aria-live="polite">{announcement}</p>
      <div className="bk-case__layout">
        <nav className="bk-stepper" aria-label={t('cases.stepsLabel')}>
          <ol className="bk-stepper__list">
            {steps.map((s, index) => (
              <li key={s.id} className="bk-stepper__item">
                <a
                  className={['kern-link', 'bk-stepper__link', index === stepIndex && 'bk-stepper__link--current'].filter(Boolean).join(' ')}
                  href={`?schritt=${index}`}
                  aria-current={index === stepIndex ? 'step' : undefined}
                  onClick={(event) => { event.preventDefault(); void saveThen(() => goTo(index)); }}
                >
                  {index + 1}. {textIn(s.title, lang)}
                  {flagged.has(index) && <span className="bk-stepper__flag"> – {t('cases.stepHasProblems')}</span>}
                </a>
              </li>
            ))}
            <li className="bk-stepper__item">
              <a
                className={['kern-link', 'bk-stepper__link', stepIndex === overviewIndex && 'bk-stepper__link--current'].filter(Boolean).join(' ')}
                href={`?schritt=${overviewIndex}`}
                aria-current={stepIndex === overviewIndex ? 'step' : undefined}
                onClick={(event) => { event.preventDefault(); void saveThen(() => goTo(overviewIndex)); }}
              >
                {overviewIndex + 1}. {t('cases.overview.title')}
              </a>
            </li>
          </ol>
        </nav>
        <div className="bk-case__main">
          {step ? (
            <StepForm
              key={`${step.id}-${view.version}`}
              view={view}
              step={step}
              stepIndex={stepIndex}
              total={overviewIndex + 1}
              editable={editable}
              onView={setView}
              goTo={goTo}
              saveRef={saveOpenStep}
              setAnnouncement={setAnnouncement}
            />
          ) : (
            <Overview
              view={view}
              form={form}
              allFields={allFields}
              attempt={attempt}
              onAttempt={() => setAttempt((n) => n + 1)}
              onView={setView}
              onJump={(fieldName) => {
                const index = stepOfField(steps, fieldName);
                if (index >= 0) goTo(index);
                window.setTimeout(() => document.getElementById(fieldDomId(fieldName))?.focus(), 50);
              }}
            />
          )}
        </div>
      </div>
    </article>
  );
}

/** The open step's form; keyed by step and case version, so it starts from what is stored. */
function StepForm({ view, step, stepIndex, total, editable, onView, goTo, saveRef, setAnnouncement }: {
  view: CaseView; step: FormStep; stepIndex: number; total: number; editable: boolean;
  onView: (next: CaseView) => void; goTo: (index: number) => void; saveRef: { current: () => Promise<void> };
  /** The live region lives outside the form, which is re-created with every new case version. */
  setAnnouncement: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [values, setValues] = useState<Plain>(() => stepValues(step, view.data));
  const [dirty, setDirty] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyField, setBusyField] = useState<string | null>(null);
  const setView = onView;

  const save = useMutation({
    mutationFn: async (): Promise<CaseView> => {
      if (!dirty) return view;
      return updateCase(api, view.id, { version: view.version, data: stepPatch(step, values) });
    },
    onSuccess: (next) => { setView(next); setActionError(null); },
    onError: setActionError,
  });

  const saveThen = async (then: () => void) => {
    try {
      if (dirty && editable) await save.mutateAsync();
      then();
    } catch {
      // shown by the mutation's error alert
    }
  };
  useEffect(() => {
    saveRef.current = async () => { if (dirty && editable) await save.mutateAsync(); };
  });

  const onChange = (name: string, value: unknown) => {
    setValues((current) => setPath(current, name, value));
    setDirty(true);
  };

  const onDeviceAction = async (field: FieldSpec, option?: string, extra?: Record<string, unknown>): Promise<boolean> => {
    if (!field.action) return false;
    setBusyField(field.name);
    setActionError(null);
    try {
      const saved = dirty && editable ? await save.mutateAsync() : view;
      // The workflow reads the step's values (typed, saved or not) and, for a choice, `option`.
      const input = { ...stepPatch(step, values), ...(option === undefined ? {} : { option }), ...extra };
      const next = await runDeviceAction(api, view.id, field.action, saved.version, input);
      setView(next);
      setAnnouncement(t('cases.device.done', { label: textIn(field.label, lang) }));
      return true;
    } catch (error) {
      setActionError(error);
      return false;
    } finally {
      setBusyField(null);
    }
  };

  const onUpload = async (field: FieldSpec, content: Blob) => {
    setBusyField(field.name);
    setActionError(null);
    try {
      const saved = dirty && editable ? await save.mutateAsync() : view;
      const attachment = await uploadAttachment(api, view.id, attachmentKindOf(field), content);
      setView(await updateCase(api, view.id, { version: saved.version, data: setPath({}, field.name, attachment.id) }));
      setAnnouncement(t('cases.upload.done', { label: textIn(field.label, lang) }));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusyField(null);
    }
  };

  const shownFields = visibleFields(step, values);
  const byField = violationsByField(view.violations, shownFields);
  return (
    <>
          {actionError !== null && !violationsOf(actionError) && <ApiErrorAlert error={actionError} />}
            <form
              className="bk-case__step"
              aria-labelledby="bk-step-title"
              onSubmit={(event) => { event.preventDefault(); void saveThen(() => goTo(stepIndex + 1)); }}
            >
              <h2 className="kern-heading-medium" id="bk-step-title">{t('cases.stepOf', { n: stepIndex + 1, total })}: {textIn(step.title, lang)}</h2>
              {!editable && <Alert variant="info" title={t('cases.readOnly')} />}
              <Notices view={view} fields={shownFields} onAcknowledge={onChange} editable={editable} values={values} />
              {shownFields.map((field) => (
                <CaseField
                  key={field.name}
                  field={field}
                  values={values}
                  onChange={onChange}
                  violations={byField.get(field.name) ?? []}
                  attachments={view.attachments}
                  caseId={view.id}
                  disabled={!editable || busyField !== null}
                  busy={busyField === field.name}
                  onDeviceAction={(f, option, extra) => onDeviceAction(f, option, extra)}
                  onUpload={(f, blob) => void onUpload(f, blob)}
                />
              ))}
              <div className="kern-btn-wrapper bk-step-actions">
                {stepIndex > 0 && <Button variant="secondary" icon="arrow-back" onClick={() => void saveThen(() => goTo(stepIndex - 1))}>{t('cases.back')}</Button>}
                {editable && <Button variant="secondary" busy={save.isPending} disabled={!dirty} onClick={() => save.mutate()}>{t('cases.save')}</Button>}
                <Button type="submit" variant="primary" icon="arrow-forward" busy={save.isPending}>{t('cases.next')}</Button>
              </div>
            </form>
    </>
  );
}

function CaseHeader({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const badge = stateBadge(view.state);
  const applicant = view.applicant.kind === 'self'
    ? t('cases.applicant.self')
    : `${view.applicant.name} (${t(`cases.applicant.kinds.${view.applicant.kind}`)})`;
  return (
    <div className="bk-case__header">
      <DescriptionList items={[
        { key: 'number', label: t('cases.number'), value: <span className="bk-mono">{view.number}</span> },
        { key: 'state', label: t('cases.state'), value: <Badge variant={badge}>{t(`cases.states.${view.state}`)}</Badge> },
        {
          key: 'person', label: t('cases.subject'),
          value: view.person
            ? <Link className="kern-link" to={`/personen/${view.person.id}`}>{fullName(view.person)}, {formatPartialDate(view.person.birthDate)}</Link>
            : t('cases.newPerson'),
        },
        { key: 'applicant', label: t('cases.applicant.label'), value: applicant },
        { key: 'review', label: t('cases.reviewReason'), value: view.reviewReason },
        { key: 'updated', label: t('cases.updatedAt'), value: formatTimestamp(view.updatedAt) },
      ]} />
    </div>
  );
}

/** Notices of the rules; those that must be acknowledged carry a checkbox bound to their data field. */
function Notices({ view, fields, onAcknowledge, editable, values }: {
  view: CaseView; fields: FieldSpec[]; onAcknowledge: (name: string, value: unknown) => void; editable: boolean; values: Plain;
}) {
  const { t, i18n } = useTranslation();
  const relevant = view.notices.filter((notice) => !notice.acknowledgeField || !fields.some((f) => f.name === notice.acknowledgeField));
  if (relevant.length === 0) return null;
  return (
    <div className="bk-notices">
      {relevant.map((notice) => (
        <Alert key={notice.code} variant="info" title={textIn(notice.message, i18n.language)}>
          {notice.acknowledgeField && (
            <Checkbox
              id={fieldDomId(notice.acknowledgeField)}
              label={t('cases.acknowledge')}
              disabled={!editable}
              checked={readAck(values, view.data, notice.acknowledgeField)}
              onChange={(event) => onAcknowledge(notice.acknowledgeField ?? '', event.target.checked)}
            />
          )}
        </Alert>
      ))}
    </div>
  );
}

function readAck(values: Plain, data: CaseData, path: string): boolean {
  const read = (source: unknown) => path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Plain)[key] : undefined), source);
  const local = read(values);
  return (local ?? read(data)) === true;
}

function Overview({ view, form, allFields, attempt, onAttempt, onView, onJump }: {
  view: CaseView; form: ServiceForm; allFields: FieldSpec[]; attempt: number; onAttempt: () => void;
  onView: (next: CaseView) => void; onJump: (fieldName: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const can = useCan();
  const [error, setError] = useState<unknown>(null);
  const [rejected, setRejected] = useState<Violation[] | null>(null);
  const violations = rejected ?? view.violations;
  const run = useMutation({
    mutationFn: (work: () => Promise<CaseView>) => work(),
    onSuccess: (next) => { onView(next); setError(null); setRejected(null); },
    onError: (err) => {
      const list = violationsOf(err);
      if (list) { setRejected(list); onAttempt(); } else setError(err);
    },
  });
  const items: ErrorSummaryItem[] = violations.map((v, index) => {
    const field = fieldOfViolation(v, allFields);
    return { key: `${v.code}-${index}`, text: textIn(v.message, lang), targetId: field ? fieldDomId(field.name) : undefined };
  });
  const writer = can('cases.write');
  const allowed = (action: CaseView['allowedActions'][number]) => writer && view.allowedActions.includes(action);

  return (
    <section className="bk-case__overview" aria-labelledby="bk-overview-title">
      <h2 className="kern-heading-medium" id="bk-overview-title">{t('cases.overview.title')}</h2>
      <ErrorSummary
        title={view.state === 'draft' ? t('cases.overview.problems', { count: violations.length }) : t('cases.overview.notYet', { count: violations.length })}
        items={view.state === 'draft' || rejected ? items : []}
        focusKey={attempt || undefined}
        onSelect={(item) => {
          const field = allFields.find((f) => item.targetId === fieldDomId(f.name));
          if (field) onJump(field.name);
        }}
      />
      {error !== null && <ApiErrorAlert error={error} />}
      {view.state === 'draft' && violations.length === 0 && <Alert variant="success" title={t('cases.overview.ready')} />}

      <FeeTable view={view} />

      <div className="kern-btn-wrapper bk-case__actions">
        {allowed('capture') && (
          <Button variant="primary" icon="check" busy={run.isPending} onClick={() => run.mutate(() => captureCase(api, view.id, view.version))}>
            {t('cases.actions.capture')}
          </Button>
        )}
        {allowed('complete') && (
          <Button variant="primary" icon="check" busy={run.isPending} onClick={() => run.mutate(() => completeCase(api, view.id, view.version))}>
            {t('cases.actions.complete')}
          </Button>
        )}
        {allowed('close') && (
          <Button variant="secondary" icon="check" busy={run.isPending} onClick={() => run.mutate(() => closeCase(api, view.id, view.version))}>
            {t('cases.actions.close')}
          </Button>
        )}
      </div>

      {writer && <TerminalPayment view={view} canPay={allowed('pay')} busy={run.isPending} onPaid={onView} />}
      {allowed('pay') && <PaymentForm view={view} busy={run.isPending} onPay={(body) => run.mutate(() => recordPayment(api, view.id, body))} />}
      {allowed('hand_over') && form.handOver && (
        <HandOverForm steps={form.handOver} busy={run.isPending} onSubmit={(input) => run.mutate(() => handOverCase(api, view.id, view.version, input))} />
      )}

      <Documents view={view} />
      <Messages view={view} />
      <Payments view={view} />
      {view.allowedActions.includes('review') && can('cases.review') && (
        <ReviewForm
          inReview={view.state === 'needs_review'}
          busy={run.isPending}
          onDecide={(decision, note) => run.mutate(() => reviewCase(api, view.id, { version: view.version, decision, note }))}
        />
      )}
      {allowed('cancel') && <CancelForm busy={run.isPending} onCancel={(reason) => run.mutate(() => cancelCase(api, view.id, view.version, reason))} />}
      <History view={view} />
    </section>
  );
}

function FeeTable({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fee = view.fee;
  if (!fee) return <p className="kern-body kern-body--muted">{t('cases.fee.none')}</p>;
  return (
    <section className="bk-section" aria-labelledby="bk-fee-title">
      <h3 className="kern-heading-small" id="bk-fee-title">{view.state === 'draft' ? t('cases.fee.preview') : t('cases.fee.title')}</h3>
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--small">
          <caption className="bk-visually-hidden">{t('cases.fee.title')}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th className="kern-table__header" scope="col">{t('cases.fee.item')}</th>
              <th className="kern-table__header" scope="col">{t('cases.fee.basis')}</th>
              <th className="kern-table__header bk-num" scope="col">{t('cases.fee.amount')}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {fee.items.map((item, index) => (
              <tr className="kern-table__row" key={`${item.code}-${index}`}>
                <td className="kern-table__cell">{item.label}</td>
                <td className="kern-table__cell kern-body--small">{item.legalBasis}</td>
                <td className="kern-table__cell bk-num">{formatCents(item.amountCents, lang)}</td>
              </tr>
            ))}
            <tr className="kern-table__row bk-total">
              <th className="kern-table__cell" scope="row" colSpan={2}>{t('cases.fee.total')}</th>
              <td className="kern-table__cell bk-num" data-testid="fee-total"><strong>{formatCents(fee.totalCents, lang)}</strong></td>
            </tr>
          </tbody>
        </table>
      </div>
      {fee.waived && <p className="kern-body">{t('cases.fee.waived', { reason: fee.waived.reason })}</p>}
      {fee.split && (
        <p className="kern-body kern-body--small">
          {t('cases.fee.split', { municipality: formatCents(fee.split.municipalityCents, lang), federal: formatCents(fee.split.federalCents, lang) })}
        </p>
      )}
      {view.state !== 'draft' && (
        <p className="kern-body">{t('cases.fee.paid', { paid: formatCents(view.paidCents, lang), outstanding: formatCents(view.outstandingCents, lang) })}</p>
      )}
    </section>
  );
}

function PaymentForm({ view, busy, onPay }: { view: CaseView; busy: boolean; onPay: (body: { method: 'cash' | 'card'; amountCents: number; cardReference?: string }) => void }) {
  const { t, i18n } = useTranslation();
  const [method, setMethod] = useState<'cash' | 'card'>('card');
  const [amount, setAmount] = useState(() => (view.outstandingCents / 100).toFixed(2).replace('.', ','));
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [referenceError, setReferenceError] = useState<string | null>(null);
  return (
    <form
      className="bk-section"
      aria-labelledby="bk-pay-title"
      onSubmit={(event) => {
        event.preventDefault();
        const cents = parseEuro(amount);
        const missingReference = method === 'card' && reference.trim() === '';
        setError(cents === null || cents <= 0 ? t('cases.payment.amountInvalid') : null);
        setReferenceError(missingReference ? t('cases.payment.referenceMissing') : null);
        if (cents === null || cents <= 0 || missingReference) return;
        onPay({ method, amountCents: cents, ...(method === 'card' && reference.trim() ? { cardReference: reference.trim() } : {}) });
      }}
    >
      <h3 className="kern-heading-small" id="bk-pay-title">{t('cases.payment.title', { amount: formatCents(view.outstandingCents, i18n.language) })}</h3>
      <Fieldset legend={t('cases.payment.method')} horizontal>
        {(['card', 'cash'] as const).map((value) => (
          <div className="kern-form-check" key={value}>
            <input className="kern-form-check__radio" type="radio" id={`pay-${value}`} name="pay-method" checked={method === value} onChange={() => setMethod(value)} />
            <label className="kern-label" htmlFor={`pay-${value}`}>{t(`cases.payment.${value}`)}</label>
          </div>
        ))}
      </Fieldset>
      <TextField id="pay-amount" label={t('cases.payment.amount')} width="short" inputMode="decimal" value={amount} error={error ?? undefined} onChange={(event) => setAmount(event.target.value)} />
      {method === 'card' && <TextField id="pay-reference" label={t('cases.payment.reference')} value={reference} error={referenceError ?? undefined} onChange={(event) => setReference(event.target.value)} />}
      <Button type="submit" variant="primary" icon="check" busy={busy}>{t('cases.payment.submit')}</Button>
    </form>
  );
}

function HandOverForm({ steps, busy, onSubmit }: { steps: FormStep[]; busy: boolean; onSubmit: (input: CaseData) => void }) {
  const { t, i18n } = useTranslation();
  const [values, setValues] = useState<Plain>({});
  const noop = () => {};
  return (
    <form className="bk-section" aria-labelledby="bk-handover-title" onSubmit={(event) => {
      event.preventDefault();
      let input: Plain = {};
      for (const step of steps) input = { ...input, ...stepPatch(step, values) };
      onSubmit(input);
    }}>
      <h3 className="kern-heading-small" id="bk-handover-title">{t('cases.handOver.title')}</h3>
      {steps.map((step) => (
        <Fieldset key={step.id} legend={textIn(step.title, i18n.language)}>
          {visibleFields(step, values).map((field) => (
            <CaseField
              key={field.name}
              field={{ ...field, name: field.name }}
              values={values}
              onChange={(name, value) => setValues((current) => setPath(current, name, value))}
              violations={[]}
              attachments={[]}
              caseId=""
              disabled={false}
              busy={false}
              onDeviceAction={noop}
              onUpload={noop}
            />
          ))}
        </Fieldset>
      ))}
      <Button type="submit" variant="primary" icon="check" busy={busy}>{t('cases.handOver.submit')}</Button>
    </form>
  );
}

/** The clerk's decision: put a case into review, or end a review by resuming or cancelling the case. */
function ReviewForm({ inReview, busy, onDecide }: { inReview: boolean; busy: boolean; onDecide: (decision: 'resume' | 'cancel' | 'flag', note: string) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = (decision: 'resume' | 'cancel' | 'flag') => {
    if (!note.trim()) { setError(t('cases.review.noteMissing')); return; }
    setError(null);
    onDecide(decision, note.trim());
  };
  return (
    <section className="bk-section" aria-labelledby="bk-review-title">
      <h3 className="kern-heading-small" id="bk-review-title">{inReview ? t('cases.review.decide') : t('cases.review.flagTitle')}</h3>
      <TextField id="review-note" label={t('cases.review.note')} value={note} error={error ?? undefined} onChange={(event) => setNote(event.target.value)} />
      <div className="kern-btn-wrapper">
        {inReview ? (
          <>
            <Button variant="primary" icon="check" busy={busy} onClick={() => decide('resume')}>{t('cases.review.resume')}</Button>
            <Button variant="secondary" icon="close" busy={busy} onClick={() => decide('cancel')}>{t('cases.review.cancel')}</Button>
          </>
        ) : (
          <Button variant="secondary" icon="warning" busy={busy} onClick={() => decide('flag')}>{t('cases.review.flag')}</Button>
        )}
      </div>
    </section>
  );
}

function CancelForm({ busy, onCancel }: { busy: boolean; onCancel: (reason: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (!open) return <Button variant="tertiary" icon="close" onClick={() => setOpen(true)}>{t('cases.actions.cancel')}</Button>;
  return (
    <form className="bk-section" onSubmit={(event) => { event.preventDefault(); if (reason.trim()) onCancel(reason.trim()); }}>
      <TextField id="cancel-reason" label={t('cases.cancel.reason')} value={reason} autoFocus onChange={(event) => setReason(event.target.value)} />
      <div className="kern-btn-wrapper">
        <Button type="submit" variant="secondary" icon="close" busy={busy} disabled={!reason.trim()}>{t('cases.cancel.submit')}</Button>
        <Button variant="tertiary" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function Documents({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const isKit = useIsKit();
  if (view.documents.length === 0) return null;
  return (
    <section className="bk-section" aria-labelledby="bk-docs-title">
      <h3 className="kern-heading-small" id="bk-docs-title">{t('cases.documents.title')}</h3>
      <RecordTable
        caption={t('cases.documents.title')}
        rows={view.documents}
        columns={[
          { header: t('cases.documents.document'), cell: (d) => <a className="kern-link" href={documentPdfUrl(d.id)} target="_blank" rel="noreferrer">{d.title}</a> },
          { header: t('cases.documents.code'), cell: (d) => d.code ?? '–', className: 'bk-mono' },
          { header: t('cases.documents.issuedAt'), cell: (d) => formatTimestamp(d.issuedAt) },
          ...(isKit ? [{ header: t('kit.print.button'), cell: (d: CaseDocument) => <PrintDocumentButton documentId={d.id} title={d.title} /> }] : []),
        ]}
      />
    </section>
  );
}

function Messages({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  if (view.messages.length === 0) return null;
  return (
    <section className="bk-section" aria-labelledby="bk-messages-title">
      <h3 className="kern-heading-small" id="bk-messages-title">{t('cases.messages.title')}</h3>
      <RecordTable
        caption={t('cases.messages.title')}
        rows={view.messages}
        columns={[
          { header: t('cases.messages.kind'), cell: (m) => t(`outbox.kinds.${m.kind}`, { defaultValue: m.kind }) },
          { header: t('cases.messages.recipient'), cell: (m) => m.recipientName },
          { header: t('cases.messages.status'), cell: (m) => <span data-testid="message-status">{t(`outbox.statuses.${m.status}`, { defaultValue: m.status })}</span> },
          { header: t('cases.messages.dueBy'), cell: (m) => (m.dueBy ? formatPartialDate(m.dueBy) : '–') },
          { header: t('cases.messages.lastError'), cell: (m) => m.lastError ?? '' },
        ]}
      />
    </section>
  );
}

function Payments({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  if (view.payments.length === 0) return null;
  return (
    <section className="bk-section" aria-labelledby="bk-payments-title">
      <h3 className="kern-heading-small" id="bk-payments-title">{t('cases.payment.list')}</h3>
      <RecordTable
        caption={t('cases.payment.list')}
        rows={view.payments}
        columns={[
          { header: t('cases.payment.receipt'), cell: (p) => p.receiptNumber, className: 'bk-mono' },
          { header: t('cases.payment.method'), cell: (p) => t(`cases.payment.${p.method}`) },
          { header: t('cases.payment.amount'), cell: (p) => formatCents(p.amountCents, i18n.language) },
          { header: t('cases.payment.paidAt'), cell: (p) => formatTimestamp(p.paidAt) },
        ]}
      />
    </section>
  );
}

function History({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const rows = view.history.map((entry, index) => ({ ...entry, id: String(index) }));
  return (
    <details className="bk-section bk-history">
      <summary className="kern-heading-small">{t('cases.history.title', { count: rows.length })}</summary>
      <RecordTable
        caption={t('cases.history.title', { count: rows.length })}
        rows={rows}
        columns={[
          { header: t('cases.history.at'), cell: (e) => formatTimestamp(e.at) },
          { header: t('cases.history.actor'), cell: (e) => e.actor },
          { header: t('cases.history.action'), cell: (e) => e.action },
          { header: t('cases.history.state'), cell: (e) => (e.toState ? t(`cases.states.${e.toState}`, { defaultValue: e.toState }) : '') },
          { header: t('cases.history.note'), cell: (e) => e.note ?? '' },
        ]}
      />
    </details>
  );
}
