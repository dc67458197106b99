import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/index.ts';
import { createCase, listServices, type Applicant, type ApplicantKind, type CatalogueService, type ServiceGroup } from '../../api/cases.ts';
import { getPerson } from '../../api/register.ts';
import { fullName } from '../../lib/names.ts';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Fieldset, SelectField, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { textIn } from './form-model.ts';

const groups: readonly ServiceGroup[] = ['id_documents', 'eid_terminal', 'residence', 'certificates'];
const applicantKinds: readonly ApplicantKind[] = ['self', 'betreuer', 'parent', 'legal_representative', 'care_home_head', 'authorised_person'];

/** Which applicants a service's proxy rule admits (the server checks again). */
export function applicantKindsFor(service: CatalogueService | undefined): ApplicantKind[] {
  if (!service) return [...applicantKinds];
  switch (service.proxy) {
    case 'in_person_only': return ['self'];
    case 'in_person_or_legal_representative': return ['self', 'betreuer', 'parent', 'legal_representative'];
    case 'any_authorised': return [...applicantKinds];
  }
}

/**
 * Starts a service for a person: pick the service and who applies. Without a person only the
 * Anmeldung of someone new to the register can be started.
 */
export function NewCasePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const personId = params.get('person');
  const services = useQuery({ queryKey: ['catalogue'], queryFn: ({ signal }) => listServices(api, signal), staleTime: 60_000 });
  const person = useQuery({
    queryKey: ['register', 'person', personId, null],
    queryFn: ({ signal }) => getPerson(api, personId ?? '', undefined, signal),
    enabled: Boolean(personId),
  });
  const [serviceId, setServiceId] = useState(params.get('dienst') ?? '');
  const [kind, setKind] = useState<ApplicantKind>('self');
  const [name, setName] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (applicant: Applicant) => createCase(api, { serviceId, personId, applicant }),
    onSuccess: (view) => navigate(`/vorgaenge/${view.id}`),
  });

  if (services.isPending || (personId && person.isPending)) return <><PageTitle>{t('cases.new.title')}</PageTitle><Loader /></>;
  if (services.isError) return <><PageTitle>{t('cases.new.title')}</PageTitle><ApiErrorAlert error={services.error} /></>;
  const available = services.data.filter((s) => s.available && (personId ? true : s.id === 'anmeldung'));
  const chosen = available.find((s) => s.id === serviceId);
  const kinds = applicantKindsFor(chosen);
  const subject = person.data ? fullName({ familyName: person.data.names.familyName, givenNames: person.data.names.givenNames.map((g) => g.name), doctoralDegree: person.data.names.doctoralDegree }) : null;

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!chosen) problems.service = t('cases.new.chooseService');
    if (kind !== 'self' && !name.trim()) problems.name = t('cases.new.nameRequired');
    if (kind !== 'self' && !evidence.trim()) problems.evidence = t('cases.new.evidenceRequired');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate(kind === 'self' ? { kind: 'self' } : { kind, name: name.trim(), evidence: evidence.trim() });
  };

  return (
    <>
      <PageTitle>{subject ? t('cases.new.titleFor', { name: subject }) : t('cases.new.titleNewPerson')}</PageTitle>
      {create.isError && <ApiErrorAlert error={create.error} />}
      <form className="bk-form" onSubmit={(event) => { event.preventDefault(); submit(); }} noValidate>
        <Fieldset legend={t('cases.new.service')} error={errors.service} errorId="service-error">
          {groups.map((group) => {
            const inGroup = available.filter((s) => s.group === group);
            if (inGroup.length === 0) return null;
            return (
              <div key={group} className="bk-service-group">
                <p className="kern-label">{t(`cases.groups.${group}`)}</p>
                {inGroup.map((service) => (
                  <div className="kern-form-check" key={service.id}>
                    <input
                      className="kern-form-check__radio"
                      type="radio"
                      name="service"
                      id={`service-${service.id}`}
                      value={service.id}
                      checked={serviceId === service.id}
                      onChange={() => { setServiceId(service.id); if (!applicantKindsFor(service).includes(kind)) setKind('self'); }}
                    />
                    <label className="kern-label" htmlFor={`service-${service.id}`}>{textIn(service.name, lang)}</label>
                  </div>
                ))}
              </div>
            );
          })}
        </Fieldset>
        {chosen && chosen.evidence.length > 0 && (
          <div className="bk-section">
            <p className="kern-label">{t('cases.new.evidence')}</p>
            <ul className="kern-list kern-list--bullet">{chosen.evidence.map((e, i) => <li key={i} className="kern-body">{textIn(e, lang)}</li>)}</ul>
          </div>
        )}
        <SelectField
          id="applicant-kind"
          label={t('cases.applicant.label')}
          hint={t('cases.new.applicantHint')}
          value={kind}
          options={kinds.map((k) => ({ value: k, label: k === 'self' ? t('cases.applicant.self') : t(`cases.applicant.kinds.${k}`) }))}
          onChange={(event) => setKind(event.target.value as ApplicantKind)}
        />
        {kind !== 'self' && (
          <>
            <TextField id="applicant-name" label={t('cases.new.applicantName')} value={name} error={errors.name} onChange={(event) => setName(event.target.value)} />
            <TextField id="applicant-evidence" label={t('cases.new.applicantEvidence')} hint={t('cases.new.applicantEvidenceHint')} value={evidence} error={errors.evidence} onChange={(event) => setEvidence(event.target.value)} />
          </>
        )}
        <Button type="submit" variant="primary" icon="arrow-forward" busy={create.isPending}>{t('cases.new.submit')}</Button>
      </form>
    </>
  );
}
