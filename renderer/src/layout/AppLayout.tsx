// Runs in the renderer. The application frame: side navigation, top bar, content, footer.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Layout, Menu, type MenuProps } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SECTIONS, sectionForPath, type SectionGroup } from '../sections';
import { useAppInfo } from '../hooks/appInfo';
import { HeaderBar } from './HeaderBar';
import { Logo } from './Logo';

const GROUPS: SectionGroup[] = ['groupWork', 'groupResources', 'groupSystem'];

export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const info = useAppInfo();
  const [collapsed, setCollapsed] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const section = sectionForPath(location.pathname);

  useEffect(() => {
    document.title = section ? `${t(`nav.${section.key}`)} · ${t('app.fullName')}` : t('app.fullName');
  }, [section, t]);

  const items = useMemo<MenuProps['items']>(
    () =>
      GROUPS.map((g) => ({
        type: 'group' as const,
        key: g,
        label: collapsed ? null : t(`nav.${g}`),
        children: SECTIONS.filter((s) => s.group === g).map((s) => ({
          key: s.key,
          icon: s.icon,
          label: t(`nav.${s.key}`),
          title: t(`nav.${s.key}`),
          'data-testid': `nav-${s.key}`,
        })),
      })),
    [t, collapsed],
  );

  return (
    <Layout className="bs-shell" hasSider>
      <button type="button" className="bs-skip-link" onClick={() => mainRef.current?.focus()}>
        {t('app.skipToContent')}
      </button>
      <Layout.Sider
        className="bs-sider"
        width={224}
        collapsedWidth={64}
        collapsible
        collapsed={collapsed}
        onCollapse={(c) => setCollapsed(c)}
        breakpoint="lg"
        trigger={null}
      >
        <Logo collapsed={collapsed} />
        <nav aria-label={t('nav.ariaLabel')} className="bs-nav">
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={section ? [section.key] : []}
            items={items}
            onClick={({ key }) => navigate(`/${key}`)}
          />
        </nav>
      </Layout.Sider>
      <Layout className="bs-main-column">
        <Layout.Header className="bs-header">
          <HeaderBar collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
        </Layout.Header>
        <Layout.Content className="bs-content" id="main" ref={mainRef} tabIndex={-1}>
          <Outlet />
        </Layout.Content>
        <Layout.Footer className="bs-footer">
          <span>
            {t('app.fullName')}
            {info.value ? ` v${info.value.version}` : ''}
          </span>
          <span className="bs-footer-sep" aria-hidden="true">·</span>
          <span>{t('app.footer')}</span>
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
