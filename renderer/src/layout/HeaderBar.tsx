// Runs in the renderer. The top bar: navigation toggle, current bidder, host indicator, language.
import { Button, Segmented, Tag, Tooltip } from 'antd';
import { DesktopOutlined, GlobalOutlined, LoadingOutlined, MenuFoldOutlined, MenuUnfoldOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, setLanguage, type Language } from '../../i18n';
import { useAppInfo } from '../hooks/appInfo';
import { useErrorText } from '../hooks/useErrorText';
import { BidderSwitcher } from '../sections/vault/BidderSwitcher';

function HostIndicator() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const errorText = useErrorText();
  if (info.status === 'error') {
    return (
      <Tooltip title={errorText(info.error)}>
        <Tag color="error" icon={<WarningOutlined />} className="bs-host" data-testid="host-indicator" tabIndex={0}>
          {t('header.hostUnavailable')}
        </Tag>
      </Tooltip>
    );
  }
  if (!info.value) {
    return (
      <Tag icon={<LoadingOutlined />} className="bs-host" data-testid="host-indicator">
        {t('header.hostLoading')}
      </Tag>
    );
  }
  const { host, version } = info.value;
  const label = host === 'electron' ? t('header.hostElectron') : t('header.hostNode');
  return (
    <Tooltip title={t('header.hostTooltip', { host: label, version })}>
      <Tag color={host === 'electron' ? 'processing' : 'default'} icon={host === 'electron' ? <DesktopOutlined /> : <GlobalOutlined />} className="bs-host" data-testid="host-indicator" tabIndex={0}>
        {label}
        <span className="bs-host-version">v{version}</span>
      </Tag>
    </Tooltip>
  );
}

export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { t, i18n } = useTranslation();
  const value: Language = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  return (
    <Segmented<Language>
      size={size}
      value={value}
      aria-label={t('header.language')}
      data-testid="lang-switch"
      onChange={(v) => void setLanguage(v)}
      options={[
        { value: 'zh-CN', label: <span lang="zh-CN" data-testid="lang-zh-CN">{t('header.langZh')}</span> },
        { value: 'en-US', label: <span lang="en-US" data-testid="lang-en-US">{t('header.langEn')}</span> },
      ]}
    />
  );
}

export function HeaderBar({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="bs-header-inner">
      <div className="bs-header-left">
        <Button
          type="text"
          className="bs-collapse"
          icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
          onClick={onToggle}
          aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
          aria-expanded={!collapsed}
        />
        <BidderSwitcher />
      </div>
      <div className="bs-header-right">
        <HostIndicator />
        <LanguageSwitch />
      </div>
    </div>
  );
}
