import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api } from '../../api/index.ts';
import { changePassword, confirmTotpSetup, startTotpSetup, type Me } from '../../api/auth.ts';
import { meQueryKey, useSession } from '../../app/session.tsx';
import { useCodeLabel } from '../../i18n/loose.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { DescriptionList } from '../../ui/DescriptionList.tsx';
import { TextField } from '../../ui/fields.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import { totpCodeSchema } from '../login/LoginPage.tsx';
import { newPasswordSchema, passwordMinLength } from '../users/schemas.ts';
import { groupSecret } from './secret.ts';

const passwordSchema = z.object({
  currentPassword: z.string().min(1, 'validation.required'),
  newPassword: newPasswordSchema,
  repeatPassword: z.string(),
}).refine((values) => values.newPassword === values.repeatPassword, { path: ['repeatPassword'], message: 'account.errors.repeatMismatch' });
type PasswordForm = z.infer<typeof passwordSchema>;

const codeSchema = z.object({ code: totpCodeSchema });
type CodeForm = z.infer<typeof codeSchema>;

export function AccountPage() {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const { user } = useSession();
  return (
    <div className="bk-narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      <DescriptionList items={[
        { key: 'username', label: t('account.username'), value: user.username },
        { key: 'name', label: t('account.displayName'), value: user.displayName },
        { key: 'email', label: t('account.email'), value: user.email },
        { key: 'roles', label: t('account.roles'), value: user.roles.map((role) => codeLabel('role', role)).join(', ') },
      ]} />
      <ChangePassword />
      <SecondFactorSetup />
    </div>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const [done, setDone] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, reset, formState: { errors } } = useForm<PasswordForm>({
    resolver: zodResolver(passwordSchema), defaultValues: { currentPassword: '', newPassword: '', repeatPassword: '' },
  });
  const mutation = useMutation({
    mutationFn: (values: PasswordForm) => changePassword(api, values.currentPassword, values.newPassword),
    onSuccess: () => { setDone(true); reset(); },
    onError: () => setAttempt((n) => n + 1),
  });
  return (
    <section className="bk-section" aria-labelledby="passwort-aendern">
      <h2 className="kern-heading-medium" id="passwort-aendern">{t('account.passwordTitle')}</h2>
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {done && !mutation.isError && <Alert variant="success" role="alert" focusOnShow title={t('account.passwordChanged')}><p className="kern-body">{t('account.passwordChangedText')}</p></Alert>}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit((values) => { setDone(false); mutation.mutate(values); })} aria-labelledby="passwort-aendern">
        <TextField label={t('account.currentPassword')} type="password" autoComplete="current-password" error={fieldError(errors.currentPassword)} {...register('currentPassword')} />
        <TextField
          label={t('account.newPassword')} hint={t('account.newPasswordHint', { min: passwordMinLength })} type="password" autoComplete="new-password"
          error={fieldError(errors.newPassword, { min: passwordMinLength })} {...register('newPassword')}
        />
        <TextField label={t('account.repeatPassword')} type="password" autoComplete="new-password" error={fieldError(errors.repeatPassword)} {...register('repeatPassword')} />
        <div className="kern-btn-wrapper">
          <Button type="submit" busy={mutation.isPending}>{t('account.changePassword')}</Button>
        </div>
      </form>
    </section>
  );
}

function SecondFactorSetup() {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const [justEnabled, setJustEnabled] = useState(false);
  const setup = useMutation({ mutationFn: () => startTotpSetup(api) });
  const confirm = useMutation({
    mutationFn: (values: CodeForm) => confirmTotpSetup(api, values.code),
    onSuccess: ({ user: next }) => {
      setJustEnabled(true);
      setup.reset();
      queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, user: next } : me));
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const { register, handleSubmit, formState: { errors } } = useForm<CodeForm>({ resolver: zodResolver(codeSchema), defaultValues: { code: '' } });

  return (
    <section className="bk-section" aria-labelledby="zweiter-faktor">
      <h2 className="kern-heading-medium" id="zweiter-faktor">{t('account.totpTitle')}</h2>
      {justEnabled && <Alert variant="success" role="alert" focusOnShow title={t('account.totpEnabled')} />}
      {user.hasSecondFactor
        ? !justEnabled && <p className="kern-body">{t('account.totpActive')}</p>
        : (
          <>
            <p className="kern-body">{t('account.totpIntro')}</p>
            {setup.isError && <ApiErrorAlert error={setup.error} />}
            {!setup.data && (
              <div className="kern-btn-wrapper">
                <Button variant="secondary" busy={setup.isPending} onClick={() => setup.mutate()}>{t('account.totpStart')}</Button>
              </div>
            )}
            {setup.data && (
              <div className="kern-stack-lg">
                <ol className="kern-list kern-list--number">
                  <li className="kern-body">{t('account.totpStep1')}</li>
                  <li className="kern-body">{t('account.totpStep2')}</li>
                  <li className="kern-body">{t('account.totpStep3')}</li>
                </ol>
                <DescriptionList items={[
                  { key: 'secret', label: t('account.totpSecret'), value: <code className="bk-secret">{groupSecret(setup.data.secret)}</code> },
                  { key: 'url', label: t('account.totpUrl'), value: <code className="bk-secret bk-break">{setup.data.otpauthUrl}</code> },
                ]} />
                {confirm.isError && <ApiErrorAlert key={attempt} error={confirm.error} />}
                <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit((values) => confirm.mutate(values))} aria-label={t('account.totpConfirm')}>
                  <TextField
                    label={t('login.code')} hint={t('login.codeHint')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} width="short"
                    error={fieldError(errors.code)} {...register('code')}
                  />
                  <div className="kern-btn-wrapper">
                    <Button type="submit" busy={confirm.isPending} icon="check">{t('account.totpConfirm')}</Button>
                  </div>
                </form>
              </div>
            )}
          </>
        )}
    </section>
  );
}
