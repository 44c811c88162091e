// Runs in the renderer. The header's bidder switcher: which bidder the app works for (an agency keeps
// many). With the vault locked or empty it shows "no bidder" and leads to the vault; unlocked, a
// select switches every section to the chosen bidder, and a button locks the vault.
import { Button, Select, Tooltip } from 'antd';
import { LockOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useVaultSession } from '../../vault/current-bidder';

export function BidderSwitcher() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, bidders, current, select, vault } = useVaultSession();
  const choices = bidders.filter((b) => !b.tampered);
  if (state !== 'unlocked' || !current) {
    return (
      <Tooltip title={state === 'locked' ? t('vault.header.locked') : t('header.bidderHint')}>
        <div className="bs-bidder" data-testid="bidder" tabIndex={0} role="link" onClick={() => navigate('/vault')} onKeyDown={(e) => e.key === 'Enter' && navigate('/vault')} style={{ cursor: 'pointer' }}>
          {state === 'locked' ? <LockOutlined className="bs-bidder-icon" aria-hidden="true" /> : <ShopOutlined className="bs-bidder-icon" aria-hidden="true" />}
          <span className="bs-bidder-label">{t('header.bidderLabel')}</span>
          <span className="bs-bidder-value">{t('header.bidderNone')}</span>
        </div>
      </Tooltip>
    );
  }
  return (
    <div className="bs-bidder bs-bidder-active" data-testid="bidder">
      <ShopOutlined className="bs-bidder-icon" aria-hidden="true" />
      <span className="bs-bidder-label">{t('header.bidderLabel')}</span>
      <Select
        size="small"
        variant="borderless"
        value={current.id}
        onChange={(id: string) => select(id)}
        aria-label={t('vault.toolbar.chooseBidder')}
        data-testid="bidder-select"
        popupMatchSelectWidth={false}
        style={{ minWidth: 180, maxWidth: 320 }}
        options={choices.map((b) => ({ value: b.id, label: b.value!.name }))}
      />
      <Tooltip title={t('vault.header.lock')}>
        <Button type="text" size="small" icon={<LockOutlined />} aria-label={t('vault.header.lock')} data-testid="vault-lock-header" onClick={() => vault.lock()} />
      </Tooltip>
    </div>
  );
}
