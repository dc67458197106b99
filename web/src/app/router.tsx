import { createBrowserRouter, isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AccountPage } from '../pages/account/AccountPage.tsx';
import { AuditPage } from '../pages/audit/AuditPage.tsx';
import { CaseListPage, ReviewQueuePage } from '../pages/cases/CaseListPage.tsx';
import { CasePage } from '../pages/cases/CasePage.tsx';
import { DevicesPage } from '../pages/devices/DevicesPage.tsx';
import { NewCasePage } from '../pages/cases/NewCasePage.tsx';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { NotFoundPage } from '../pages/not-found/NotFoundPage.tsx';
import { OutboxPage } from '../pages/outbox/OutboxPage.tsx';
import { PersonPage } from '../pages/person/PersonPage.tsx';
import { PortalRequestPage } from '../pages/portal/PortalRequestPage.tsx';
import { PortalStatusPage } from '../pages/portal/PortalStatusPage.tsx';
import { PlanningPage } from '../pages/planning/PlanningPage.tsx';
import { NewRequestPage } from '../pages/requests/NewRequestPage.tsx';
import { RequestListPage } from '../pages/requests/RequestListPage.tsx';
import { RequestPage } from '../pages/requests/RequestPage.tsx';
import { SearchPage } from '../pages/search/SearchPage.tsx';
import { FeeTablesPage } from '../pages/settings/FeeTablesPage.tsx';
import { ProfilePage } from '../pages/settings/ProfilePage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { StartPage } from '../pages/start/StartPage.tsx';
import { CreateUserPage, EditUserPage, UsersPage } from '../pages/users/UsersPage.tsx';
import { KitPage } from '../kit/KitPage.tsx';
import { KitPairingsPage } from '../pages/kit-office/KitPairingsPage.tsx';
import { KitReviewsPage } from '../pages/kit-office/KitReviewsPage.tsx';
import { KitAwareStart } from '../kit/KitStart.tsx';
import { Alert } from '../ui/Alert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { Layout } from './Layout.tsx';
import { RequireAuth, RequirePermission } from './session.tsx';

/** A render error inside a page: say so in the page, keep header and navigation usable. */
function PageError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <>
      <PageTitle>{t('pageError.title')}</PageTitle>
      <Alert variant="danger" role="alert" title={t('pageError.alert')}>
        <p className="kern-body">{t('pageError.text')}</p>
        <p className="kern-body kern-body--small bk-mono">{detail}</p>
      </Alert>
    </>
  );
}

// German paths: they appear in the address bar, in bookmarks and in the e2e tests.
export const routes = [
  {
    element: <Layout />,
    children: [
      {
        errorElement: <PageError />,
        children: [
          { path: 'anmelden', element: <LoginPage /> },
          // The citizens' request form and status link: public, no login.
          { path: 'hausbesuch', element: <PortalRequestPage /> },
          { path: 'hausbesuch/status/:token', element: <PortalStatusPage /> },
          {
            element: <RequireAuth />,
            children: [
              { index: true, element: <KitAwareStart><StartPage /></KitAwareStart> },
              { path: 'koffer', element: <RequirePermission anyOf={['cases.read']}><KitPage /></RequirePermission> },
              { path: 'suche', element: <RequirePermission anyOf={['register.search']}><SearchPage /></RequirePermission> },
              { path: 'personen/:id', element: <RequirePermission anyOf={['register.read']}><PersonPage /></RequirePermission> },
              { path: 'anfragen', element: <RequirePermission anyOf={['requests.read']}><RequestListPage /></RequirePermission> },
              { path: 'anfragen/neu', element: <RequirePermission anyOf={['requests.write']}><NewRequestPage /></RequirePermission> },
              { path: 'anfragen/:id', element: <RequirePermission anyOf={['requests.read']}><RequestPage /></RequirePermission> },
              { path: 'planung', element: <RequirePermission anyOf={['planning.read']}><PlanningPage /></RequirePermission> },
              { path: 'vorgaenge', element: <RequirePermission anyOf={['cases.read']}><CaseListPage /></RequirePermission> },
              { path: 'vorgaenge/neu', element: <RequirePermission anyOf={['cases.write']}><NewCasePage /></RequirePermission> },
              { path: 'vorgaenge/:id', element: <RequirePermission anyOf={['cases.read']}><CasePage /></RequirePermission> },
              { path: 'geraete', element: <RequirePermission anyOf={['devices.check']}><DevicesPage /></RequirePermission> },
              { path: 'pruefung', element: <RequirePermission anyOf={['cases.review']}><ReviewQueuePage /></RequirePermission> },
              { path: 'pruefung/koffer', element: <RequirePermission anyOf={['cases.review']}><KitReviewsPage /></RequirePermission> },
              { path: 'koffer-kopplung', element: <RequirePermission anyOf={['kits.pair']}><KitPairingsPage /></RequirePermission> },
              { path: 'postausgang', element: <RequirePermission anyOf={['outbox.read']}><OutboxPage /></RequirePermission> },
              { path: 'protokoll', element: <RequirePermission anyOf={['audit.read', 'audit.verify']}><AuditPage /></RequirePermission> },
              { path: 'benutzer', element: <RequirePermission anyOf={['users.manage']}><UsersPage /></RequirePermission> },
              { path: 'benutzer/neu', element: <RequirePermission anyOf={['users.manage']}><CreateUserPage /></RequirePermission> },
              { path: 'benutzer/:id', element: <RequirePermission anyOf={['users.manage']}><EditUserPage /></RequirePermission> },
              { path: 'einstellungen', element: <RequirePermission anyOf={['settings.manage']}><SettingsPage /></RequirePermission> },
              { path: 'einstellungen/gebuehren', element: <RequirePermission anyOf={['settings.manage']}><FeeTablesPage /></RequirePermission> },
              { path: 'einstellungen/dokumentprofil', element: <RequirePermission anyOf={['settings.manage']}><ProfilePage /></RequirePermission> },
              { path: 'konto', element: <AccountPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
