// Runs in the renderer. The BidSeal mark (an envelope closed by a red seal) and wordmark, drawn in
// SVG/CSS so there are no external assets.
import { useTranslation } from 'react-i18next';

export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="bs-logo-mark">
      <rect x="1" y="1" width="30" height="30" rx="7" fill="#2a64b0" />
      <rect x="6" y="9" width="20" height="14" rx="2" fill="#ffffff" />
      <path d="M6.8 10.2 16 17l9.2-6.8" fill="none" stroke="#2a64b0" strokeWidth="1.6" strokeLinejoin="round" />
      <circle cx="23.5" cy="21.5" r="5" fill="#c8322b" stroke="#ffffff" strokeWidth="1.4" />
      <path d="M21.4 21.6l1.5 1.5 2.8-3" fill="none" stroke="#ffffff" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Logo({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={collapsed ? 'bs-logo bs-logo-collapsed' : 'bs-logo'} title={t('app.fullName')}>
      <LogoMark />
      {!collapsed && (
        <span className="bs-logo-text">
          <span className="bs-logo-name">{t('app.name')}</span>
          <span className="bs-logo-cn" lang="zh-CN">{t('app.wordmark')}</span>
        </span>
      )}
    </div>
  );
}
