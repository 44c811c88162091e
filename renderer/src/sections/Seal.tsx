// Runs in the renderer. Seal & encrypt (密封加密): the seal wizard (documents → platform and
// recipients → signer and pre-flight checks → sealed file, backup and hashes), the envelope inspector,
// open & self-check, and the generation history.
import { useState } from 'react';
import { Tabs } from 'antd';
import { EyeOutlined, HistoryOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { SealWizard } from './seal/SealWizard';
import { Inspector } from './seal/Inspector';
import { OpenBid } from './seal/OpenBid';
import { History } from './seal/History';

export default function Seal() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('wizard');
  const [historyKey, setHistoryKey] = useState(0);
  return (
    <SectionPage sectionKey="seal">
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k);
          if (k === 'history') setHistoryKey((n) => n + 1);
        }}
        destroyOnHidden={false}
        items={[
          { key: 'wizard', label: <span data-testid="seal-tab-wizard"><LockOutlined /> {t('seal.tabs.wizard')}</span>, children: <SealWizard /> },
          { key: 'inspect', label: <span data-testid="seal-tab-inspect"><EyeOutlined /> {t('seal.tabs.inspect')}</span>, children: <Inspector /> },
          { key: 'open', label: <span data-testid="seal-tab-open"><UnlockOutlined /> {t('seal.tabs.open')}</span>, children: <OpenBid /> },
          { key: 'history', label: <span data-testid="seal-tab-history"><HistoryOutlined /> {t('seal.tabs.history')}</span>, children: <History refreshKey={historyKey} /> },
        ]}
      />
    </SectionPage>
  );
}
