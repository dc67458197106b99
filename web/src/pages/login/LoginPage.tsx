import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { api } from '../../api/index.ts';
import { login, submitSecondFactor, type Me } from '../../api/auth.ts';
import { safeReturnPath } from '../../app/navigation.ts';
import { meQueryKey, useMe, useSetSession, type LoginState } from '../../app/session.tsx';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';

const credentialsSchema = z.object({
  username: z.string().trim().min(1, 'login.errors.usernameRequired'),
  password: z.string().min(1, 'login.errors.passwordRequired'),
});
type Credentials = z.infer<typeof credentialsSchema>;

export const totpCodeSchema = z.string().trim().regex(/^\d{6}$/, 'validation.totpCode');
const codeSchema = z.object({ code: totpCodeSchema });
type CodeForm = z.infer<typeof codeSchema>;


export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setSession = useSetSession();
  const state = (location.state ?? {}) as LoginState;
  const target = safeReturnPath(state.from);
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  if (me.isPending) return <Loader label={t('session.checking')} />;
  // Right after signing out the session is still being cleared; stay here instead of bouncing back.
  if (me.data && !state.loggedOut) return <Navigate to={target} replace />;

  const signedIn = (session: Me) => {
    setSession(session);
    // The login answer lacks some header data (the municipality); /me has all of it.
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
    navigate(target, { replace: true });
  };

  const fail = (cause: unknown) => {
    setError(cause);
    setAttempt((n) => n + 1);
  };

  return (
    <div className="bk-narrow">
      <PageTitle>{t('login.title')}</PageTitle>
      {state.loggedOut && !error && step === 'password' && (
        <Alert variant="success" role="status" title={t('login.loggedOut')} />
      )}
      {/* Keyed by attempt so a repeated error is announced and focused again. */}
      {error !== null && <ApiErrorAlert key={attempt} error={error} title={t('login.failedTitle')} />}
      {step === 'password'
        ? (
          <PasswordStep
            onSubmit={async ({ username, password }) => {
              setError(null);
              try {
                const result = await login(api, username, password);
                if (result.status === 'ok') signedIn({ user: result.user, csrfToken: result.csrfToken, municipality: result.municipality ?? null });
                else setStep('code');
              } catch (cause) {
                fail(cause);
              }
            }}
          />
        )
        : (
          <CodeStep
            onSubmit={async ({ code }) => {
              setError(null);
              try {
                const result = await submitSecondFactor(api, code);
                signedIn({ user: result.user, csrfToken: result.csrfToken, municipality: result.municipality ?? null });
              } catch (cause) {
                fail(cause);
              }
            }}
            onRestart={() => {
              setError(null);
              setStep('password');
            }}
          />
        )}
    </div>
  );
}

function PasswordStep({ onSubmit }: { onSubmit: (values: Credentials) => Promise<void> }) {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const { register, handleSubmit, formState: { errors, isSubmitting } } = useForm<Credentials>({
    resolver: zodResolver(credentialsSchema),
    defaultValues: { username: '', password: '' },
  });
  return (
    <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t('login.title')}>
      <TextField
        label={t('login.username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        error={fieldError(errors.username)}
        {...register('username')}
      />
      <TextField
        label={t('login.password')}
        type="password"
        autoComplete="current-password"
        error={fieldError(errors.password)}
        {...register('password')}
      />
      <div className="kern-btn-wrapper">
        <Button type="submit" busy={isSubmitting} icon="arrow-forward">{t('login.submit')}</Button>
      </div>
    </form>
  );
}

function CodeStep({ onSubmit, onRestart }: { onSubmit: (values: CodeForm) => Promise<void>; onRestart: () => void }) {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const { register, handleSubmit, formState: { errors, isSubmitting } } = useForm<CodeForm>({
    resolver: zodResolver(codeSchema),
    defaultValues: { code: '' },
  });
  return (
    <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t('login.secondFactorTitle')}>
      <h2 className="kern-heading-medium">{t('login.secondFactorTitle')}</h2>
      <p className="kern-body">{t('login.secondFactorText')}</p>
      <TextField
        label={t('login.code')}
        hint={t('login.codeHint')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        width="short"
        autoFocus
        error={fieldError(errors.code)}
        {...register('code')}
      />
      <div className="kern-btn-wrapper">
        <Button type="submit" busy={isSubmitting} icon="check">{t('login.confirmCode')}</Button>
        <Button variant="tertiary" onClick={onRestart}>{t('login.restart')}</Button>
      </div>
    </form>
  );
}
