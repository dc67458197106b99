import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm, type FieldError, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../../api/index.ts';
import { roles, type Role } from '../../api/auth.ts';
import {
  createUser, listUsers, removeUserSecondFactor, resetUserPassword, updateUser, type StaffUser,
} from '../../api/users.ts';
import { useSession } from '../../app/session.tsx';
import { useCodeLabel } from '../../i18n/loose.ts';
import { formatTimestamp } from '../../lib/dates.ts';
import { Alert } from '../../ui/Alert.tsx';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Checkbox, Fieldset, TextField } from '../../ui/fields.tsx';
import { Loader } from '../../ui/Loader.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { useFieldError } from '../../ui/useFieldError.ts';
import {
  createUserSchema, editUserSchema, emailOrNull, passwordMinLength, resetPasswordSchema,
  type CreateUserForm, type EditUserForm, type ResetPasswordForm,
} from './schemas.ts';

const usersKey = ['admin', 'users'] as const;

function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: ({ signal }) => listUsers(api, signal), staleTime: 0 });
}

interface UsersLocationState {
  created?: string;
}

export function UsersPage() {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const users = useUsers();
  const location = useLocation();
  const created = (location.state as UsersLocationState | null)?.created;
  return (
    <>
      <PageTitle>{t('users.title')}</PageTitle>
      {created && <Alert variant="success" role="status" title={t('users.created', { username: created })} />}
      <div className="kern-btn-wrapper bk-actions">
        <Link className="kern-btn kern-btn--primary" to="/benutzer/neu">
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">{t('users.new')}</span>
        </Link>
      </div>
      {users.isPending && <Loader />}
      {users.isError && <ApiErrorAlert error={users.error} />}
      {users.data && (
        <div className="kern-table-responsive" tabIndex={0} role="group" aria-label={t('users.tableCaption')}>
          <table className="kern-table kern-table--small">
            <caption className="kern-sr-only">{t('users.tableCaption')}</caption>
            <thead>
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{t('users.columns.username')}</th>
                <th scope="col" className="kern-table__header">{t('users.columns.displayName')}</th>
                <th scope="col" className="kern-table__header">{t('users.columns.roles')}</th>
                <th scope="col" className="kern-table__header">{t('users.columns.state')}</th>
                <th scope="col" className="kern-table__header kern-table__header--action"><span className="kern-sr-only">{t('users.columns.actions')}</span></th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {users.data.map((user) => (
                <tr className="kern-table__row" key={user.id}>
                  <th scope="row" className="kern-table__header bk-mono">{user.username}</th>
                  <td className="kern-table__cell">{user.displayName}{user.email && <><br /><span className="kern-body--small">{user.email}</span></>}</td>
                  <td className="kern-table__cell">{user.roles.map((role) => codeLabel('role', role)).join(', ')}</td>
                  <td className="kern-table__cell"><UserState user={user} /></td>
                  <td className="kern-table__cell kern-table__cell--action">
                    <Link className="kern-link bk-action-link" to={`/benutzer/${user.id}`} aria-label={t('users.editLabel', { username: user.username })}>
                      {t('users.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function UserState({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const locked = user.lockedUntil && new Date(user.lockedUntil) > new Date();
  return (
    <span className="bk-badges">
      {user.disabled ? <Badge variant="danger">{t('users.state.disabled')}</Badge> : <Badge variant="success">{t('users.state.active')}</Badge>}
      {locked && <Badge variant="warning">{t('users.state.locked', { until: formatTimestamp(user.lockedUntil) })}</Badge>}
      {user.hasSecondFactor ? <Badge variant="info">{t('users.state.secondFactor')}</Badge> : <Badge variant="warning">{t('users.state.noSecondFactor')}</Badge>}
    </span>
  );
}

function RoleCheckboxes<T extends { roles: Role[] }>({ register, error }: { register: UseFormRegister<T>; error: FieldError | undefined }) {
  const { t } = useTranslation();
  const codeLabel = useCodeLabel();
  const fieldError = useFieldError();
  const reg = register as unknown as UseFormRegister<{ roles: Role[] }>;
  return (
    <Fieldset legend={t('users.roles')} error={fieldError(error)}>
      {roles.map((role) => (
        <Checkbox key={role} label={codeLabel('role', role)} hint={t(`users.roleHints.${role}`)} value={role} {...reg('roles')} />
      ))}
    </Fieldset>
  );
}

export function CreateUserPage() {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const create = useMutation({
    mutationFn: (values: CreateUserForm) => createUser(api, {
      username: values.username.trim().toLowerCase(), displayName: values.displayName.trim(),
      email: emailOrNull(values.email), password: values.password, roles: values.roles,
    }),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      navigate('/benutzer', { state: { created: user.username } satisfies UsersLocationState });
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const { register, handleSubmit, formState: { errors } } = useForm<CreateUserForm>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { username: '', displayName: '', email: '', roles: [], password: '' },
  });
  return (
    <div className="bk-narrow">
      <BackToUsers />
      <PageTitle>{t('users.createTitle')}</PageTitle>
      {create.isError && <ApiErrorAlert key={attempt} error={create.error} />}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit((values) => create.mutate(values))} aria-label={t('users.createTitle')}>
        <TextField label={t('users.username')} hint={t('users.usernameHint')} autoComplete="off" autoCapitalize="none" spellCheck={false} error={fieldError(errors.username)} {...register('username')} />
        <TextField label={t('users.displayName')} hint={t('users.displayNameHint')} autoComplete="off" error={fieldError(errors.displayName)} {...register('displayName')} />
        <TextField label={t('users.email')} type="email" optional autoComplete="off" error={fieldError(errors.email)} {...register('email')} />
        <RoleCheckboxes register={register} error={errors.roles as FieldError | undefined} />
        <TextField
          label={t('users.initialPassword')} hint={t('users.initialPasswordHint', { min: passwordMinLength })}
          type="password" autoComplete="new-password" error={fieldError(errors.password, { min: passwordMinLength })} {...register('password')}
        />
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="add" busy={create.isPending}>{t('users.createSubmit')}</Button>
        </div>
      </form>
    </div>
  );
}

function BackToUsers() {
  const { t } = useTranslation();
  return <p className="kern-body"><Link className="kern-link" to="/benutzer">{t('users.back')}</Link></p>;
}

export function EditUserPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const users = useUsers();
  const user = users.data?.find((candidate) => candidate.id === id);
  if (users.isPending) return <><PageTitle>{t('users.editTitleLoading')}</PageTitle><Loader /></>;
  if (users.isError) return <><PageTitle>{t('users.editTitleLoading')}</PageTitle><ApiErrorAlert error={users.error} /></>;
  if (!user) {
    return (
      <>
        <BackToUsers />
        <PageTitle>{t('users.notFoundTitle')}</PageTitle>
        <Alert variant="warning" title={t('users.notFound')} />
      </>
    );
  }
  return (
    <div className="bk-narrow">
      <BackToUsers />
      <PageTitle documentTitle={t('users.editTitle', { username: user.username })}>{t('users.editTitle', { username: user.username })}</PageTitle>
      <p className="kern-body"><UserState user={user} /></p>
      <EditUserForm key={user.id} user={user} />
      <ResetPassword user={user} />
      <SecondFactor user={user} />
    </div>
  );
}

function useUserUpdated() {
  const queryClient = useQueryClient();
  return (user: StaffUser) => queryClient.setQueryData<StaffUser[]>(usersKey, (list) => list?.map((u) => (u.id === user.id ? user : u)));
}

function EditUserForm({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const me = useSession();
  const updated = useUserUpdated();
  const [saved, setSaved] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const save = useMutation({
    mutationFn: (values: EditUserForm) => updateUser(api, user.id, {
      displayName: values.displayName.trim(), email: emailOrNull(values.email), roles: values.roles, disabled: values.disabled,
    }),
    onSuccess: (next) => {
      setSaved(true);
      updated(next);
    },
    onError: () => setAttempt((n) => n + 1),
  });
  const { register, handleSubmit, formState: { errors } } = useForm<EditUserForm>({
    resolver: zodResolver(editUserSchema),
    defaultValues: { displayName: user.displayName, email: user.email ?? '', roles: user.roles, disabled: user.disabled },
  });
  const isSelf = me.user.id === user.id;
  return (
    <section className="bk-section" aria-labelledby="stammdaten">
      <h2 className="kern-heading-medium" id="stammdaten">{t('users.accountData')}</h2>
      {save.isError && <ApiErrorAlert key={attempt} error={save.error} />}
      {saved && !save.isError && <Alert variant="success" role="status" title={t('users.saved')} />}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit((values) => { setSaved(false); save.mutate(values); })} aria-labelledby="stammdaten">
        <TextField label={t('users.displayName')} autoComplete="off" error={fieldError(errors.displayName)} {...register('displayName')} />
        <TextField label={t('users.email')} type="email" optional autoComplete="off" error={fieldError(errors.email)} {...register('email')} />
        <RoleCheckboxes register={register} error={errors.roles as FieldError | undefined} />
        <Fieldset legend={t('users.access')}>
          <Checkbox label={t('users.disabled')} hint={isSelf ? t('users.disabledSelfHint') : t('users.disabledHint')} {...register('disabled')} />
        </Fieldset>
        <div className="kern-btn-wrapper">
          <Button type="submit" icon="check" busy={save.isPending}>{t('users.save')}</Button>
        </div>
      </form>
    </section>
  );
}

function ResetPassword({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const fieldError = useFieldError();
  const [done, setDone] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, reset, formState: { errors } } = useForm<ResetPasswordForm>({
    resolver: zodResolver(resetPasswordSchema), defaultValues: { password: '' },
  });
  const mutation = useMutation({
    mutationFn: (values: ResetPasswordForm) => resetUserPassword(api, user.id, values.password),
    onSuccess: () => { setDone(true); reset(); },
    onError: () => setAttempt((n) => n + 1),
  });
  return (
    <section className="bk-section" aria-labelledby="passwort">
      <h2 className="kern-heading-medium" id="passwort">{t('users.resetPasswordTitle')}</h2>
      <p className="kern-body">{t('users.resetPasswordText')}</p>
      {mutation.isError && <ApiErrorAlert key={attempt} error={mutation.error} />}
      {done && !mutation.isError && <Alert variant="success" role="status" title={t('users.passwordReset')} />}
      <form className="kern-stack-lg bk-form" noValidate onSubmit={handleSubmit((values) => { setDone(false); mutation.mutate(values); })} aria-labelledby="passwort">
        <TextField
          label={t('users.newPassword')} hint={t('users.initialPasswordHint', { min: passwordMinLength })} type="password" autoComplete="new-password"
          error={fieldError(errors.password, { min: passwordMinLength })} {...register('password')}
        />
        <div className="kern-btn-wrapper">
          <Button type="submit" variant="secondary" busy={mutation.isPending}>{t('users.resetPasswordSubmit')}</Button>
        </div>
      </form>
    </section>
  );
}

function SecondFactor({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const updated = useUserUpdated();
  const [confirming, setConfirming] = useState(false);
  const [removed, setRemoved] = useState(false);
  const mutation = useMutation({
    mutationFn: () => removeUserSecondFactor(api, user.id),
    onSuccess: (next) => { setConfirming(false); setRemoved(true); updated(next); },
  });
  return (
    <section className="bk-section" aria-labelledby="zweiter-faktor">
      <h2 className="kern-heading-medium" id="zweiter-faktor">{t('users.secondFactorTitle')}</h2>
      {mutation.isError && <ApiErrorAlert error={mutation.error} />}
      {removed && <Alert variant="success" role="status" title={t('users.secondFactorRemoved')} />}
      {!user.hasSecondFactor
        ? !removed && <p className="kern-body">{t('users.noSecondFactor')}</p>
        : confirming
          ? (
            <Alert variant="warning" role="alert" focusOnShow title={t('users.removeSecondFactorConfirmTitle')}>
              <p className="kern-body">{t('users.removeSecondFactorConfirmText', { username: user.username })}</p>
              <div className="kern-btn-wrapper">
                <Button variant="primary" busy={mutation.isPending} onClick={() => mutation.mutate()}>{t('users.removeSecondFactorConfirm')}</Button>
                <Button variant="tertiary" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
              </div>
            </Alert>
          )
          : (
            <>
              <p className="kern-body">{t('users.secondFactorActive')}</p>
              <div className="kern-btn-wrapper">
                <Button variant="secondary" icon="delete" onClick={() => setConfirming(true)}>{t('users.removeSecondFactor')}</Button>
              </div>
            </>
          )}
    </section>
  );
}
