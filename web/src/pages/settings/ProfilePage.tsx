import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useForm, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/index.ts';
import { isApiError } from '../../api/client.ts';
import { getDocumentProfile, saveDocumentProfile, type DocumentProfile } from '../../api/settings.ts';
import { looseTranslator } from '../../i18n/loose.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorSummary, type ErrorSummaryItem } from '../../ui/ErrorSummary.tsx';
import { TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import { textIn } from '../cases/form-model.ts';
import {
  addressLineCount, bytesToBase64, formFromProfile, imageFileProblem, profileBody, profileFieldId, profileFormSchema, serverProfileProblems,
  type ImageField, type ProfileForm, type ProfileTarget, type Text,
} from './profile-model.ts';
import { BackToSettings } from './SettingsPage.tsx';

const profileKey = ['settings', 'profile'] as const;

/** How the municipality appears on its documents: authority, address, contact, letterhead and seal. */
export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useQuery({ queryKey: profileKey, queryFn: ({ signal }) => getDocumentProfile(api, signal), staleTime: 0 });
  return (
    <div className="bk-narrow">
      <BackToSettings />
      <PageTitle>{t('settings.profile.title')}</PageTitle>
      <p className="kern-body">{t('settings.profile.intro')}</p>
      {profile.isPending && <Loader />}
      {profile.isError && <ApiErrorAlert error={profile.error} />}
      {profile.data && <ProfileEditor profile={profile.data} />}
    </div>
  );
}

type Images = Pick<DocumentProfile, 'letterheadPng' | 'sealPng'>;

/** The fields in the order of the form, for the error summary. */
const fieldOrder: ProfileTarget[] = [
  'authorityName', 'authorityCode', 'place',
  ...Array.from({ length: addressLineCount }, (_, i) => `addressLines.${i}` as const),
  'phone', 'email', 'website', 'letterheadPng', 'sealPng', 'form',
];

function clientError(errors: FieldErrors<ProfileForm>, target: ProfileTarget): string | undefined {
  const line = /^addressLines\.(\d+)$/.exec(target);
  if (line) return errors.addressLines?.[Number(line[1])]?.message;
  if (target === 'letterheadPng' || target === 'sealPng' || target === 'form') return undefined;
  return errors[target as keyof ProfileForm]?.message;
}

function ProfileEditor({ profile }: { profile: DocumentProfile }) {
  const { t, i18n } = useTranslation();
  const fieldError = useFieldError();
  const queryClient = useQueryClient();
  const [images, setImages] = useState<Images>({ letterheadPng: profile.letterheadPng, sealPng: profile.sealPng });
  const [imageErrors, setImageErrors] = useState<Partial<Record<ImageField, string>>>({});
  const [serverProblems, setServerProblems] = useState<{ target: ProfileTarget; text: Text }[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, reset, getValues, formState: { errors } } = useForm<ProfileForm>({
    resolver: zodResolver(profileFormSchema),
    defaultValues: formFromProfile(profile),
  });
  const save = useMutation({
    mutationFn: (body: DocumentProfile) => saveDocumentProfile(api, body),
    onSuccess: (next) => {
      queryClient.setQueryData(profileKey, next);
      reset(formFromProfile(next));
      setImages({ letterheadPng: next.letterheadPng, sealPng: next.sealPng });
      setSaved(true);
    },
    onError: (error) => {
      setServerProblems(isApiError(error) && error.status === 422 ? serverProfileProblems(error, getValues()) : []);
      setAttempt((n) => n + 1);
    },
  });

  const errorAt = (target: ProfileTarget): string | undefined => {
    const client = clientError(errors, target);
    if (client) return fieldError({ message: client });
    const server = serverProblems.find((p) => p.target === target);
    if (server) return textIn(server.text, i18n.language);
    if (target === 'letterheadPng' || target === 'sealPng') return imageErrors[target];
    return undefined;
  };
  const summary: ErrorSummaryItem[] = fieldOrder.flatMap((target) => {
    const client = clientError(errors, target);
    const texts = client ? [fieldError({ message: client }) ?? client] : serverProblems.filter((p) => p.target === target).map((p) => textIn(p.text, i18n.language));
    return texts.map((text, i) => ({ key: `${target}-${i}`, text, targetId: profileFieldId(target) }));
  });

  const submit = handleSubmit(
    (values) => {
      setSaved(false);
      setServerProblems([]);
      save.mutate(profileBody(values, images));
    },
    () => {
      setSaved(false);
      setServerProblems([]);
      setAttempt((n) => n + 1);
    },
  );

  const chooseImage = (field: ImageField) => async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setSaved(false);
    if (!file) return;
    const loose = looseTranslator(i18n);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const problem = imageFileProblem(field, file, bytes.subarray(0, 8));
      if (problem) {
        setImageErrors((current) => ({ ...current, [field]: loose.t(problem.key, problem.values) }));
        event.target.value = '';
        return;
      }
      setImageErrors((current) => ({ ...current, [field]: undefined }));
      setServerProblems((current) => current.filter((p) => p.target !== field));
      setImages((current) => ({ ...current, [field]: bytesToBase64(bytes) }));
    } catch {
      setImageErrors((current) => ({ ...current, [field]: loose.t('settings.profile.errors.readFailed') }));
    }
  };

  const unplaced = save.isError && serverProblems.length === 0;
  return (
    <>
      {unplaced && <ApiErrorAlert key={attempt} error={save.error} />}
      {saved && <Alert variant="success" role="status" title={t('settings.profile.saved')} />}
      <ErrorSummary title={t('settings.problems', { count: summary.length })} items={summary} focusKey={summary.length > 0 ? attempt : undefined} />
      <form className="kern-stack-lg bk-form" noValidate onSubmit={(event) => void submit(event)} aria-label={t('settings.profile.title')}>
        <section className="bk-section" aria-labelledby="profile-authority">
          <h2 className="kern-heading-medium" id="profile-authority">{t('settings.profile.authoritySection')}</h2>
          <TextField id={profileFieldId('authorityName')} label={t('settings.profile.authorityName')} hint={t('settings.profile.authorityNameHint')}
            autoComplete="organization" error={errorAt('authorityName')} {...register('authorityName')} />
          <TextField id={profileFieldId('authorityCode')} label={t('settings.profile.authorityCode')} hint={t('settings.profile.authorityCodeHint')}
            width="short" maxLength={4} autoComplete="off" autoCapitalize="characters" spellCheck={false} className="bk-mono"
            error={errorAt('authorityCode')} {...register('authorityCode')} />
          <TextField id={profileFieldId('place')} label={t('settings.profile.place')} hint={t('settings.profile.placeHint')}
            autoComplete="address-level2" error={errorAt('place')} {...register('place')} />
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('settings.profile.addressLegend')}</legend>
            <div className="kern-fieldset__body kern-stack">
              {Array.from({ length: addressLineCount }, (_, i) => (
                <TextField key={i} id={profileFieldId(`addressLines.${i}`)} label={t('settings.profile.addressLine', { n: i + 1 })} optional={i > 0}
                  autoComplete="off" error={errorAt(`addressLines.${i}`)} {...register(`addressLines.${i}`)} />
              ))}
            </div>
          </fieldset>
        </section>
        <section className="bk-section" aria-labelledby="profile-contact">
          <h2 className="kern-heading-medium" id="profile-contact">{t('settings.profile.contactSection')}</h2>
          <TextField id={profileFieldId('phone')} label={t('settings.profile.phone')} type="tel" optional autoComplete="off" error={errorAt('phone')} {...register('phone')} />
          <TextField id={profileFieldId('email')} label={t('settings.profile.email')} type="email" optional autoComplete="off" error={errorAt('email')} {...register('email')} />
          <TextField id={profileFieldId('website')} label={t('settings.profile.website')} type="url" optional autoComplete="off" error={errorAt('website')} {...register('website')} />
        </section>
        <section className="bk-section" aria-labelledby="profile-images">
          <h2 className="kern-heading-medium" id="profile-images">{t('settings.profile.imagesSection')}</h2>
          {(['letterheadPng', 'sealPng'] as const).map((field) => (
            <ImageInput
              key={field}
              field={field}
              value={images[field]}
              changed={images[field] !== profile[field]}
              error={errorAt(field)}
              onChoose={(event) => void chooseImage(field)(event)}
              onRemove={() => { setSaved(false); setImages((current) => ({ ...current, [field]: null })); }}
              onUndo={() => { setImages((current) => ({ ...current, [field]: profile[field] })); setImageErrors((current) => ({ ...current, [field]: undefined })); }}
            />
          ))}
        </section>
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="check" busy={save.isPending}>{t('settings.profile.submit')}</Button>
        </div>
      </form>
    </>
  );
}

function ImageInput({ field, value, changed, error, onChoose, onRemove, onUndo }: {
  field: ImageField;
  value: string | null;
  changed: boolean;
  error: string | undefined;
  onChoose: (event: ChangeEvent<HTMLInputElement>) => void;
  onRemove: () => void;
  onUndo: () => void;
}) {
  const { t } = useTranslation();
  const name = field === 'letterheadPng' ? 'letterhead' : 'seal';
  return (
    <div className="kern-stack" data-testid={`profile-image-${name}`}>
      <h3 className="kern-heading-small">{t(`settings.profile.${name}`)}</h3>
      {value
        ? (
          <img
            src={`data:image/png;base64,${value}`}
            alt={t(`settings.profile.${name}Alt`)}
            // Not stretched by the flex stack around it: the round seal keeps its proportions.
            style={{ display: 'block', alignSelf: 'flex-start', width: 'auto', height: 'auto', maxWidth: '100%', maxHeight: field === 'sealPng' ? '8rem' : '10rem', border: '1px solid #ccc', background: '#fff' }}
          />
        )
        : <p className="kern-body">{t(`settings.profile.${name}None`)}</p>}
      {changed && <p className="kern-body kern-body--small" role="status">{t('settings.profile.imageChanged')}</p>}
      <TextField
        id={profileFieldId(field)}
        label={t(`settings.profile.${name}Choose`)}
        hint={t(`settings.profile.${name}Hint`)}
        type="file"
        accept="image/png"
        error={error}
        onChange={onChoose}
      />
      <div className="kern-btn-wrapper">
        {value && <Button variant="secondary" icon="delete" onClick={onRemove}>{t(`settings.profile.${name}Remove`)}</Button>}
        {changed && <Button variant="tertiary" onClick={onUndo}>{t('settings.profile.imageUndo')}</Button>}
      </div>
    </div>
  );
}
