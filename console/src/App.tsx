/** The console's shell: language, sign-in, the side menu of the signed-in role, and the page. */
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, Button, Card, ConfigProvider, Layout, Menu, MenuProps, Result, Space, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useMemo, useState } from 'react';
import { lazyPage, PageFailure } from './lazy-page';
import { createClient } from './api';
import type { Lang } from './hub-errors';
import { LangContext, translator } from './i18n';
import { navigate, usePath } from './router';
import { clearSession, loadSession, Session } from './session';
import { SignInPage } from './pages/SignInPage';
import { OidcCallbackPage } from './OidcCallbackPage';
import { endIssuerSession } from './oidc';

// Each page is its own chunk, loaded when first opened: the sign-in page needs none of them, a clerk only their role's.
const RosterImportPage = lazyPage(() => import('./pages/RosterImportPage').then((m) => m.RosterImportPage));
const RosterVersionsPage = lazyPage(() => import('./pages/RosterVersionsPage').then((m) => m.RosterVersionsPage));
const RosterDiffPage = lazyPage(() => import('./pages/RosterDiffPage').then((m) => m.RosterDiffPage));
const SubsidyQuarterPage = lazyPage(() => import('./pages/SubsidyQuarterPage').then((m) => m.SubsidyQuarterPage));
const PayoutBatchesPage = lazyPage(() => import('./pages/PayoutBatchesPage').then((m) => m.PayoutBatchesPage));
const ReconciliationPage = lazyPage(() => import('./pages/ReconciliationPage').then((m) => m.ReconciliationPage));
const OneCardAccountsPage = lazyPage(() => import('./pages/OneCardAccountsPage').then((m) => m.OneCardAccountsPage));
const RosterBrowsePage = lazyPage(() => import('./pages/RosterBrowsePage').then((m) => m.RosterBrowsePage));
const AssignmentsPage = lazyPage(() => import('./pages/AssignmentsPage').then((m) => m.AssignmentsPage));
const RosterNoticePage = lazyPage(() => import('./pages/RosterNoticePage').then((m) => m.RosterNoticePage));
const BankListPage = lazyPage(() => import('./pages/BankListPage').then((m) => m.BankListPage));
const BankLoansPage = lazyPage(() => import('./pages/BankLoansPage').then((m) => m.BankLoansPage));
const BankClaimsPage = lazyPage(() => import('./pages/BankClaimsPage').then((m) => m.BankClaimsPage));
const RegulatorStatisticsPage = lazyPage(() => import('./pages/RegulatorStatisticsPage').then((m) => m.RegulatorStatisticsPage));
const RegulatorRiskFundsPage = lazyPage(() => import('./pages/RegulatorRiskFundsPage').then((m) => m.RegulatorRiskFundsPage));
const AdminBanksPage = lazyPage(() => import('./pages/AdminBanksPage').then((m) => m.AdminBanksPage));
const AdminPolicyPage = lazyPage(() => import('./pages/AdminPolicyPage').then((m) => m.AdminPolicyPage));
const AdminQueuesPage = lazyPage(() => import('./pages/AdminQueuesPage').then((m) => m.AdminQueuesPage));
const AdminPiiAuditPage = lazyPage(() => import('./pages/AdminPiiAuditPage').then((m) => m.AdminPiiAuditPage));

const LANG_KEY = 'huinong-console-lang';

function initialLang(): Lang {
  return sessionStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}

interface MenuEntry {
  key: string;
  label: string;
}

function menuFor(role: Session['user']['role'], t: ReturnType<typeof translator>): MenuEntry[] {
  if (role === 'bureau')
    return [
      { key: '/rosters/import', label: t('menuRosterImport') },
      { key: '/rosters/versions', label: t('menuRosterVersions') },
      { key: '/rosters/browse', label: t('menuRosterBrowse') },
      { key: '/rosters/notice', label: t('menuRosterNotice') },
      { key: '/rosters/assignments', label: t('menuAssignments') },
    ];
  if (role === 'finance')
    return [
      { key: '/subsidy/quarter', label: t('menuSubsidyQuarter') },
      { key: '/subsidy/batches', label: t('menuPayoutBatches') },
      { key: '/subsidy/reconciliation', label: t('menuReconciliation') },
      { key: '/accounts/one-card', label: t('menuOneCard') },
    ];
  if (role === 'bank')
    return [
      { key: '/bank/list', label: t('menuBankList') },
      { key: '/bank/loans', label: t('menuBankLoans') },
      { key: '/bank/claims', label: t('menuBankClaims') },
    ];
  if (role === 'regulator')
    return [
      { key: '/regulator/statistics', label: t('menuRegStatistics') },
      { key: '/regulator/risk-funds', label: t('menuRegRiskFunds') },
    ];
  if (role === 'admin')
    return [
      { key: '/admin/banks', label: t('menuAdminBanks') },
      { key: '/admin/policy', label: t('menuAdminPolicy') },
      { key: '/admin/queues', label: t('menuAdminQueues') },
      { key: '/admin/pii-audit', label: t('menuAdminPiiAudit') },
    ];
  return [{ key: '/', label: t('menuHome') }];
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const client = useMemo(createClient, [session?.token]);
  const t = useMemo(() => translator(lang), [lang]);
  const path = usePath();
  const setLang = (next: Lang) => {
    sessionStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLangState(next);
  };

  const signOut = () => {
    const previous = clearSession();
    void client.clearStore();
    setSession(null);
    navigate('/');
    if (previous) void endIssuerSession(previous);
  };

  const county = session?.user.counties?.[0] ?? '';
  const menu = session ? menuFor(session.user.role, t) : [];
  const selected = menu.find((m) => path.startsWith(m.key) && m.key !== '/')?.key ?? menu[0]?.key;

  let page: React.ReactNode;
  const diff = /^\/rosters\/versions\/([0-9a-f-]{36})$/.exec(path);
  if (path === '/callback') page = <OidcCallbackPage onSignedIn={setSession} />;
  else if (!session) page = <SignInPage onSignedIn={setSession} />;
  else if (session.user.role === 'bureau' && county) {
    if (diff) page = <RosterDiffPage versionId={diff[1]} />;
    else if (path.startsWith('/rosters/versions')) page = <RosterVersionsPage county={county} />;
    else if (path.startsWith('/rosters/browse')) page = <RosterBrowsePage county={county} />;
    else if (path.startsWith('/rosters/notice')) page = <RosterNoticePage county={county} />;
    else if (path.startsWith('/rosters/assignments')) page = <AssignmentsPage county={county} />;
    else page = <RosterImportPage county={county} />;
  } else if (session.user.role === 'finance' && county) {
    if (path.startsWith('/subsidy/batches')) page = <PayoutBatchesPage county={county} />;
    else if (path.startsWith('/subsidy/reconciliation')) page = <ReconciliationPage county={county} />;
    else if (path.startsWith('/accounts/one-card')) page = <OneCardAccountsPage county={county} />;
    else page = <SubsidyQuarterPage county={county} />;
  } else if (session.user.role === 'bank' && session.user.bank) {
    const bank = session.user.bank;
    if (path.startsWith('/bank/loans')) page = <BankLoansPage bank={bank} />;
    else if (path.startsWith('/bank/claims')) page = <BankClaimsPage bank={bank} />;
    else page = <BankListPage bank={bank} />;
  } else if (session.user.role === 'regulator') {
    const counties = session.user.counties ?? [];
    if (path.startsWith('/regulator/risk-funds')) page = <RegulatorRiskFundsPage counties={counties} />;
    else page = <RegulatorStatisticsPage counties={counties} />;
  } else if (session.user.role === 'admin') {
    if (path.startsWith('/admin/policy')) page = <AdminPolicyPage />;
    else if (path.startsWith('/admin/queues')) page = <AdminQueuesPage />;
    else if (path.startsWith('/admin/pii-audit')) page = <AdminPiiAuditPage />;
    else page = <AdminBanksPage />;
  } else page = <Result status="info" title={t('homeWelcome')} subTitle={t('homeComingSoon')} />;

  return (
    <LangContext.Provider value={{ lang, t, setLang }}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f6f43' } }} button={{ autoInsertSpace: false }}>
        <AntApp>
          <ApolloProvider client={client}>
            <Layout style={{ minHeight: '100vh' }}>
              <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#1f3b2d' }}>
                <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
                  {t('appName')}
                </Typography.Title>
                <Space>
                  {session && (
                    <>
                      <Tag color="green">{t(`role_${session.user.role}`)}</Tag>
                      <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
                        {lang === 'zh' ? session.user.label : session.user.labelEn}
                        {county ? ` · ${county}` : ''}
                      </Typography.Text>
                    </>
                  )}
                  <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="language-switch">
                    {t('language')}
                  </Button>
                  {session && (
                    <Button size="small" onClick={signOut}>
                      {t('signOut')}
                    </Button>
                  )}
                </Space>
              </Layout.Header>
              <Layout>
                {session && (
                  <Layout.Sider width={200} theme="light">
                    <Menu
                      mode="inline"
                      selectedKeys={selected ? [selected] : []}
                      items={menu.map((m) => ({ key: m.key, label: m.label })) as MenuProps['items']}
                      onClick={({ key }) => navigate(key)}
                      style={{ height: '100%' }}
                    />
                  </Layout.Sider>
                )}
                <Layout.Content style={{ padding: 24 }}>
                  <PageFailure key={path} title={t('pageLoadFailed')} reload={t('pageReload')}>
                    <Suspense fallback={<Card loading data-testid="page-loading" />}>{page}</Suspense>
                  </PageFailure>
                </Layout.Content>
              </Layout>
            </Layout>
          </ApolloProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
