import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, onSessionLost } from '../api/index.ts';
import { fetchMe, logout as apiLogout, type Me, type Permission } from '../api/auth.ts';
import { Alert } from '../ui/Alert.tsx';
import { ApiErrorAlert } from '../ui/ApiErrorAlert.tsx';
import { Loader } from '../ui/Loader.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { allows } from './navigation.ts';

export const meQueryKey = ['auth', 'me'] as const;

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => fetchMe(api, signal) });
}

/** The signed-in user; only for components below RequireAuth. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession() used outside of RequireAuth');
  return data;
}

export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe();
  return useCallback((permission: Permission) => !!data?.user.permissions.includes(permission), [data]);
}

/** Puts a fresh login (or the end of one) into the cache every component reads from. */
export function useSetSession(): (me: Me | null) => void {
  const queryClient = useQueryClient();
  return useCallback((me: Me | null) => {
    // Only when someone was signed in: an anonymous visitor's 401 (the portal asks /api/auth/me too)
    // must not drop the answers the page is waiting for, which would leave it loading for good.
    if (!me && queryClient.getQueryData(meQueryKey)) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, me);
  }, [queryClient]);
}

/**
 * Ends the session on the server, then leaves for the login page, then forgets the user and
 * every cached answer (register data must not outlive the session in memory). Leaving first
 * keeps the guards from sending the user to the login as if the session had expired.
 */
export function useLogout(): () => Promise<void> {
  const setSession = useSetSession();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await apiLogout(api);
    } finally {
      const state: LoginState = { loggedOut: true };
      // flushSync: the login page must be on screen before the user is forgotten below.
      await navigate('/anmelden', { replace: true, state, flushSync: true });
      setSession(null);
    }
  }, [setSession, navigate]);
}

/** When any request finds the session gone, forget the user (and their data): the guards then show the login. */
export function SessionWatcher() {
  const setSession = useSetSession();
  useEffect(() => onSessionLost(() => setSession(null)), [setSession]);
  return null;
}

/** What the login page learns from where the user came. */
export interface LoginState {
  /** The page that asked for the login, to return to afterwards. */
  from?: string;
  /** The user just signed out on purpose. */
  loggedOut?: boolean;
}

export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const { t } = useTranslation();
  if (me.isPending) return <Loader label={t('session.checking')} />;
  if (me.isError) {
    return (
      <>
        <PageTitle>{t('session.unavailableTitle')}</PageTitle>
        <ApiErrorAlert error={me.error} />
      </>
    );
  }
  if (!me.data) {
    const state: LoginState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/anmelden" replace state={state} />;
  }
  return <Outlet />;
}

/** Shows the page only with one of the permissions; otherwise says so instead of a broken page. */
export function RequirePermission({ anyOf, children }: { anyOf: readonly Permission[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  if (allows(user.permissions, anyOf)) return <>{children}</>;
  return (
    <>
      <PageTitle>{t('forbidden.title')}</PageTitle>
      <Alert variant="warning" title={t('forbidden.alertTitle')}>
        <p className="kern-body">{t('forbidden.text')}</p>
      </Alert>
    </>
  );
}
