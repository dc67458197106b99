import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/index.ts';
import { listInstitutions } from '../../api/institutions.ts';
import {
  attachmentUrl, decideVisitRequest, documentPdfUrl, evidenceKinds, getCorrespondence, getVisitRequest, replyToRequester,
  type DecisionResult, type EvidenceKind, type EvidenceSeen, type RequestView,
} from '../../api/requests.ts';
import { useSession } from '../../app/session.tsx';
import { formatPartialDate, formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { looseTranslator } from '../../i18n/loose.ts';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { Duplicates } from './Duplicates.tsx';
import { EditRequest } from './EditRequest.tsx';
import { useRequestLabel } from './labels.ts';
import { RegisterMatch } from './RegisterMatch.tsx';
import { eventLabel, eventOrigin, locationText } from './request-view.ts';

const requestKey = (id: string) => ['visit-requests', 'one', id] as const;

export function RequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { created?: string } | null)?.created;
  const queryClient = useQueryClient();
  const request = useQuery({ queryKey: requestKey(id), queryFn: ({ signal }) => getVisitRequest(api, id, signal) });
  // A match or merge answers with the changed request; the list, the duplicates and the history follow.
  const changed = async (next: RequestView) => {
    queryClient.setQueryData(requestKey(next.id), next);
    await queryClient.invalidateQueries({ queryKey: ['visit-requests'] });
  };
  if (request.isPending) return <><PageTitle>{t('requests.detail.loading')}</PageTitle><Loader /></>;
  if (request.isError) return <><PageTitle>{t('requests.detail.loading')}</PageTitle><ApiErrorAlert error={request.error} /></>;
  const view = request.data;
  return (
    <>
      <p className="kern-body"><Link className="kern-link" to="/anfragen">{t('requests.back')}</Link></p>
      <PageTitle>{t('requests.detail.title', { reference: view.reference })}</PageTitle>
      {created && (
        <Alert variant="success" role="status" focusOnShow title={t('requests.form.created', { reference: created })}>
          <p className="kern-body">{t('requests.form.createdText', { reference: created })}</p>
        </Alert>
      )}
      <RequestData view={view} />
      <RegisterMatch view={view} onChanged={(next) => void changed(next)} />
      <Duplicates view={view} onMerged={changed} />
      <Actions view={view} onChanged={(next) => void changed(next)} />
      <History view={view} />
      <Attachments view={view} />
      <Decisions view={view} />
      <Correspondence view={view} />
    </>
  );
}

function RequestData({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  const { i18n } = useTranslation();
  const label = useRequestLabel();
  const loc = view.location;
  const institutionId = loc?.kind === 'institution' ? loc.institutionId : undefined;
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: ({ signal }) => listInstitutions(api, signal), enabled: !!institutionId });
  const institutionName = institutions.data?.find((i) => i.id === institutionId)?.name ?? null;
  return (
    <section className="bk-section" aria-labelledby="angaben">
      <h2 className="kern-heading-medium" id="angaben">{t('requests.detail.data')}</h2>
      {view.mergedIntoId && (
        <Alert variant="info" title={t('requests.detail.mergedInto')}>
          <p className="kern-body"><Link className="kern-link" to={`/anfragen/${view.mergedIntoId}`}>{t('requests.detail.openMerged')}</Link></p>
        </Alert>
      )}
      <DescriptionList items={[
        { key: 'status', label: t('requests.detail.status'), value: <Badge variant={view.status === 'denied' ? 'danger' : view.status === 'draft' ? 'warning' : 'info'}>{label('status', view.status)}</Badge> },
        { key: 'channel', label: t('requests.detail.channel'), value: label('channel', view.channel) },
        { key: 'subject', label: t('requests.detail.subject'), value: [[view.subject.familyName, view.subject.givenNames].filter(Boolean).join(', '), formatPartialDate(view.subject.birthDate), view.subject.address].filter(Boolean).join(' · ') },
        { key: 'requester', label: t('requests.detail.requester'), value: [view.requester.name, label('relation', view.requester.relation), view.requester.organisation, view.requester.phone, view.requester.email, ...(view.requester.postalAddress ?? [])].filter(Boolean).join(' · ') },
        { key: 'contact', label: t('requests.detail.contact'), value: label('contact', view.requester.preferredContact) },
        { key: 'services', label: t('requests.detail.services'), value: view.services.map((s) => label('service', s)).join(', ') },
        { key: 'location', label: t('requests.detail.location'), value: locationText(looseTranslator(i18n), loc, institutionName) },
        { key: 'availability', label: t('requests.detail.availability'), value: view.availability.map((w) => `${w.weekday ? label('weekday', w.weekday) : (w.date ?? '')} ${w.from}–${w.to}`).join('; ') },
        { key: 'urgency', label: t('requests.detail.urgency'), value: [label('urgency', view.urgency), view.urgencyReason].filter(Boolean).join(': ') },
        { key: 'neededBy', label: t('requests.detail.neededBy'), value: view.neededBy },
        { key: 'notes', label: t('requests.detail.notes'), value: view.notes ? <span className="bk-prewrap">{view.notes}</span> : null },
        { key: 'createdBy', label: t('requests.detail.createdBy'), value: `${view.createdByName}, ${formatTimestamp(view.createdAt)}` },
      ]} />
    </section>
  );
}

function Actions({ view, onChanged }: { view: RequestView; onChanged: (next: RequestView) => void }) {
  const { t } = useTranslation();
  const { permissions } = useSession().user;
  const canEdit = permissions.includes('requests.write') && ['draft', 'open', 'eligible', 'denied'].includes(view.status);
  return (
    <>
      {canEdit && view.status === 'draft' && <EditRequest view={view} onSaved={onChanged} />}
      {canEdit && view.status !== 'draft' && (
        <details className="bk-details">
          <summary>{t('requests.detail.edit')}</summary>
          <EditRequest view={view} onSaved={onChanged} />
        </details>
      )}
      {permissions.includes('requests.decide') && ['open', 'eligible', 'denied'].includes(view.status) && <Decide view={view} />}
      {permissions.includes('requests.write') && !['merged', 'cancelled'].includes(view.status) && <Reply view={view} />}
    </>
  );
}

function Decide({ view }: { view: RequestView }) {
  const { t, i18n } = useTranslation();
  const label = useRequestLabel();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<EvidenceKind>('pflegegrad_bescheid');
  const [pflegegrad, setPflegegrad] = useState('');
  const [merkzeichen, setMerkzeichen] = useState('');
  const [attests, setAttests] = useState(false);
  const [note, setNote] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<DecisionResult | null>(null);
  const mutation = useMutation({
    mutationFn: () => {
      const evidence: EvidenceSeen = { kind, note: note.trim() || undefined };
      if (kind === 'pflegegrad_bescheid' && pflegegrad) evidence.pflegegrad = Number(pflegegrad);
      if (kind === 'schwerbehindertenausweis') evidence.merkzeichen = merkzeichen.split(',').map((m) => m.trim()).filter(Boolean);
      if (kind === 'aerztliches_attest') evidence.attestsPermanentImmobility = attests;
      return decideVisitRequest(api, view.id, { evidence: [evidence], version: view.version });
    },
    onSuccess: async (decided) => {
      setResult(decided);
      await queryClient.invalidateQueries({ queryKey: ['visit-requests'] });
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const en = i18n.language.startsWith('en');
  const submit = (event: FormEvent) => { event.preventDefault(); setResult(null); mutation.mutate(); };
  return (
    <section className="bk-section" aria-labelledby="entscheidung">
      <h2 className="kern-heading-medium" id="entscheidung">{t('requests.detail.decide')}</h2>
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {result && (
        <Alert variant={result.outcome === 'eligible' ? 'success' : 'warning'} role="alert" focusOnShow headingLevel={3}
          title={result.outcome === 'eligible' ? t('requests.detail.verdictEligible') : t('requests.detail.verdictDenied')}>
          <p className="kern-body">{t('requests.detail.verdictRules', { name: result.ruleSet.name, version: result.ruleSet.version })}</p>
          {result.verdict.reasons.length > 0 && <ul className="kern-list">{result.verdict.reasons.map((r, i) => <li key={i} className="kern-body">{en ? r.en : r.de}</li>)}</ul>}
          {result.letterDocumentId && <p className="kern-body"><a className="kern-link" href={documentPdfUrl(result.letterDocumentId)}>{t('requests.detail.letter')}</a></p>}
          {result.letterSent && <p className="kern-body">{t(`requests.detail.letterSent.${result.letterSent}`)}</p>}
        </Alert>
      )}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={submit} aria-labelledby="entscheidung">
        <SelectField label={t('requests.detail.evidenceKind')} value={kind} onChange={(e) => setKind(e.target.value as EvidenceKind)}
          options={evidenceKinds.map((k) => ({ value: k, label: label('evidence', k) }))} />
        {kind === 'pflegegrad_bescheid' && (
          <SelectField label={t('requests.detail.pflegegrad')} value={pflegegrad} onChange={(e) => setPflegegrad(e.target.value)}
            options={[{ value: '', label: '–' }, ...['1', '2', '3', '4', '5'].map((g) => ({ value: g, label: g }))]} />
        )}
        {kind === 'schwerbehindertenausweis' && (
          <TextField label={t('requests.detail.merkzeichen')} hint={t('requests.detail.merkzeichenHint')} value={merkzeichen} onChange={(e) => setMerkzeichen(e.target.value)} />
        )}
        {kind === 'aerztliches_attest' && <Checkbox label={t('requests.detail.attests')} checked={attests} onChange={(e) => setAttests(e.target.checked)} />}
        <TextField label={t('requests.detail.evidenceNote')} optional value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="kern-btn-wrapper"><Button type="submit" busy={mutation.isPending}>{t('requests.detail.decideSubmit')}</Button></div>
      </form>
    </section>
  );
}

function Reply({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const mutation = useMutation({
    mutationFn: () => replyToRequester(api, view.id, { subject: subject.trim(), text: text.trim() }),
    onSuccess: async () => {
      setSent(true); setSubject(''); setText('');
      await queryClient.invalidateQueries({ queryKey: ['visit-requests', 'correspondence', view.id] });
    },
    onError: () => setAttempt((n) => n + 1),
  });
  if (!view.requester.email) {
    return (
      <section className="bk-section" aria-labelledby="antwort">
        <h2 className="kern-heading-medium" id="antwort">{t('requests.detail.reply')}</h2>
        <p className="kern-body">{t('requests.detail.replyNoEmail')}</p>
      </section>
    );
  }
  return (
    <section className="bk-section" aria-labelledby="antwort">
      <h2 className="kern-heading-medium" id="antwort">{t('requests.detail.reply')}</h2>
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {sent && !mutation.isError && <Alert variant="success" role="status" focusOnShow title={t('requests.detail.replySent')} />}
      <form className="kern-stack-lg bk-form" noValidate aria-labelledby="antwort" onSubmit={(e) => { e.preventDefault(); setSent(false); mutation.mutate(); }}>
        <TextField label={t('requests.detail.replySubject')} required value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} />
        <div className="kern-form-input">
          <label className="kern-label" htmlFor="antwort-text">{t('requests.detail.replyText')}</label>
          <textarea id="antwort-text" className="kern-form-input__input" rows={8} required value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="kern-btn-wrapper"><Button type="submit" icon="mail" busy={mutation.isPending}>{t('requests.detail.replySubmit')}</Button></div>
      </form>
    </section>
  );
}

function History({ view }: { view: RequestView }) {
  const { t, i18n } = useTranslation();
  const loose = looseTranslator(i18n);
  return (
    <section className="bk-section" aria-labelledby="verlauf">
      <h2 className="kern-heading-medium" id="verlauf">{t('requests.detail.history')}</h2>
      <ol className="kern-list">
        {view.events.map((event) => {
          const origin = eventOrigin(view, event);
          return (
            <li key={event.id} className="kern-body">
              {formatTimestamp(event.at)} – {eventLabel(loose, event)}{origin && <> ({t('requests.detail.historyFrom', { reference: origin })})</>} – {event.actorName}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Attachments({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  return (
    <section className="bk-section" aria-labelledby="anhaenge">
      <h2 className="kern-heading-medium" id="anhaenge">{t('requests.detail.attachments')}</h2>
      {view.attachments.length === 0 ? <p className="kern-body">{t('requests.detail.noAttachments')}</p> : (
        <ul className="kern-list">
          {view.attachments.map((a) => (
            <li key={a.id} className="kern-body">
              <a className="kern-link" href={attachmentUrl(view.id, a.id)} download={a.filename}>
                {t('requests.detail.download', { filename: a.filename, size: Math.max(1, Math.round(a.size / 1024)) })}
              </a>{' '}({a.kind}, {formatTimestamp(a.createdAt)})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decisions({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  const label = useRequestLabel();
  if (view.decisions.length === 0) return null;
  return (
    <section className="bk-section" aria-labelledby="entscheidungen">
      <h2 className="kern-heading-medium" id="entscheidungen">{t('requests.detail.decisions')}</h2>
      <ul className="kern-list">
        {view.decisions.map((d) => (
          <li key={d.id} className="kern-body">
            {t('requests.detail.decisionLine', { outcome: label('status', d.outcome), at: formatTimestamp(d.decidedAt), by: d.decidedByName, version: d.ruleVersion })}
            {d.reasons && <> – {d.reasons}</>}
            {d.letterDocumentId && <> – <a className="kern-link" href={documentPdfUrl(d.letterDocumentId)}>{t('requests.detail.letter')}</a></>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Correspondence({ view }: { view: RequestView }) {
  const { t } = useTranslation();
  const items = useQuery({ queryKey: ['visit-requests', 'correspondence', view.id], queryFn: ({ signal }) => getCorrespondence(api, view.id, signal) });
  return (
    <section className="bk-section" aria-labelledby="schriftverkehr">
      <h2 className="kern-heading-medium" id="schriftverkehr">{t('requests.detail.correspondence')}</h2>
      {items.isPending && <Loader small />}
      {items.isError && <ApiErrorAlert error={items.error} focus={false} />}
      {items.data && items.data.items.length === 0 && <p className="kern-body">{t('requests.detail.noCorrespondence')}</p>}
      {items.data && items.data.items.length > 0 && (
        <ol className="kern-list">
          {items.data.items.map((item) => (
            <li key={item.id} className="kern-body">
              <h3 className="kern-heading-small">{item.subject ?? '–'}</h3>
              <p className="kern-body kern-body--small">
                {formatTimestamp(item.at)} – {item.direction === 'in' ? t('requests.detail.incoming', { from: item.fromName ?? item.from }) : t('requests.detail.outgoing', { to: item.recipient, status: item.status })}
              </p>
              {item.direction === 'in' && <p className="kern-body bk-pre">{item.text}</p>}
              {item.direction === 'out' && item.documentId && <a className="kern-link" href={documentPdfUrl(item.documentId)}>{t('requests.detail.document')}</a>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
