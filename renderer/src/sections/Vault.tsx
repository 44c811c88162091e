// Runs in the renderer. Vault 资料库: the bidder's company facts, qualifications, staff, past projects,
// financial statements, CA certificates and scans, kept once (encrypted in IndexedDB, see
// renderer/src/vault/) and reused in every bid; the bidder's electronic seals (./vault/SealsTab.tsx); expiry dashboard, generated bid letters, backups.
// Locked → the passphrase gate; unlocked → bidder switcher, search, tabs per kind. Opened from a bid
// project's checklist (?generate=…&project=…&item=…) it unlocks first, then shows only the letter
// form for that project (./vault/ProjectGenerate.tsx). Parts: ./vault/.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Input, Modal, Select, Space, Spin, Tabs, Tooltip } from 'antd';
import { CloudSyncOutlined, DatabaseOutlined, LockOutlined, PlusOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { useVaultSession } from '../vault/current-bidder';
import { VaultGate } from './vault/VaultGate';
import { CompanyForm } from './vault/CompanyForm';
import { CertificatesTab, FinancialsTab, PersonnelTab, ProjectsTab, QualificationsTab } from './vault/kinds';
import { HistoryTab } from './vault/HistoryTab';
import { AttachmentsTab } from './vault/AttachmentsTab';
import { SealsTab } from './vault/SealsTab';
import { ExpiryTab } from './vault/ExpiryTab';
import { DocsTab } from './vault/DocsTab';
import { BackupPanel } from './vault/BackupPanel';
import { SearchResults } from './vault/SearchResults';
import { errorText } from './vault/util';
import { ProjectGenerate } from './vault/ProjectGenerate';
import { parseGenerateLink } from '../vault/project-link';
import './vault/vault.css';

function Workspace() {
  const { t } = useTranslation();
  const { vault, bidders, current, select } = useVaultSession();
  const [creating, setCreating] = useState(false);
  const [tab, setTab] = useState('company');
  const [query, setQuery] = useState('');
  const [backup, setBackup] = useState(false);
  const tampered = bidders.filter((b) => b.tampered).length;

  const toolbar = (
    <div className="bs-vault-toolbar">
      <Space wrap>
        {current && (
          <Space.Compact>
            <span className="bs-vault-toolbar-label">
              <ShopOutlined /> {t('vault.toolbar.bidder')}
            </span>
            <Select
              value={current.id}
              onChange={(id: string) => select(id)}
              style={{ minWidth: 240 }}
              data-testid="vault-bidder-select"
              aria-label={t('vault.toolbar.chooseBidder')}
              options={bidders.filter((b) => !b.tampered).map((b) => ({ value: b.id, label: b.value!.name }))}
            />
          </Space.Compact>
        )}
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="vault-new-bidder">
          {t('vault.toolbar.newBidder')}
        </Button>
        {current && <Input.Search allowClear placeholder={t('vault.toolbar.search')} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery('')} style={{ width: 220 }} data-testid="vault-search" />}
      </Space>
      <Space wrap>
        <Button icon={<CloudSyncOutlined />} type={backup ? 'primary' : 'default'} onClick={() => setBackup((b) => !b)} data-testid="vault-backup-toggle">
          {t('vault.toolbar.backup')}
        </Button>
        <Tooltip title={t('vault.header.lock')}>
          <Button icon={<LockOutlined />} onClick={() => vault.lock()} data-testid="vault-lock">
            {t('vault.toolbar.lock')}
          </Button>
        </Tooltip>
      </Space>
    </div>
  );

  return (
    <>
      <Card className="bs-card">{toolbar}</Card>
      {tampered > 0 && <Alert type="error" showIcon title={t('vault.common.tamperedRows', { count: tampered })} data-testid="vault-tampered" />}
      {backup && <BackupPanel />}
      {!current ? (
        <Card className="bs-card">
          <EmptyState title={t('vault.noBidder.title')} description={t('vault.noBidder.description')} image={<DatabaseOutlined className="bs-empty-icon" />} />
          <CompanyForm onSaved={(id) => select(id)} />
        </Card>
      ) : query ? (
        <Card className="bs-card">
          <SearchResults
            bidderId={current.id}
            query={query}
            onOpen={(k) => {
              setQuery('');
              setTab(k);
            }}
          />
        </Card>
      ) : (
        <Card className="bs-card bs-vault-tabs">
          <Tabs
            activeKey={tab}
            onChange={setTab}
            destroyOnHidden
            items={[
              { key: 'company', label: t('vault.tabs.company'), children: <CompanyForm key={current.id} bidderId={current.id} onDeleted={() => select(null)} /> },
              { key: 'qualifications', label: t('vault.tabs.qualifications'), children: <QualificationsTab bidderId={current.id} /> },
              { key: 'personnel', label: t('vault.tabs.personnel'), children: <PersonnelTab bidderId={current.id} /> },
              { key: 'projects', label: t('vault.tabs.projects'), children: <ProjectsTab bidderId={current.id} /> },
              { key: 'financials', label: t('vault.tabs.financials'), children: <FinancialsTab bidderId={current.id} /> },
              { key: 'certificates', label: t('vault.tabs.certificates'), children: <CertificatesTab bidderId={current.id} /> },
              { key: 'attachments', label: t('vault.tabs.attachments'), children: <AttachmentsTab bidderId={current.id} /> },
              { key: 'seals', label: t('vault.tabs.seals'), children: <SealsTab bidderUscc={current.uscc} /> },
              { key: 'expiry', label: t('vault.tabs.expiry'), children: <ExpiryTab bidderId={current.id} /> },
              { key: 'documents', label: t('vault.tabs.documents'), children: <DocsTab bidderId={current.id} /> },
              { key: 'history', label: t('vault.tabs.history'), children: <HistoryTab bidderId={current.id} /> },
            ].map((i) => ({ ...i, label: <span data-testid={`vault-tab-${i.key}`}>{i.label}</span> }))}
          />
        </Card>
      )}
      <Modal open={creating} title={t('vault.toolbar.newBidder')} footer={null} onCancel={() => setCreating(false)} width={820} destroyOnHidden>
        <CompanyForm
          onSaved={(id) => {
            select(id);
            setCreating(false);
            setTab('company');
          }}
        />
      </Modal>
    </>
  );
}

export default function Vault() {
  const { t, i18n } = useTranslation();
  const { state, error } = useVaultSession();
  const [params] = useSearchParams();
  const link = parseGenerateLink(params);
  return (
    <SectionPage sectionKey="vault">
      <Alert type="success" showIcon icon={<LockOutlined />} title={t('vault.encryptedAlert')} />
      {error ? (
        <Alert type="error" showIcon title={errorText(error, i18n.language)} data-testid="vault-error" />
      ) : state === 'loading' ? (
        <Spin />
      ) : state === 'absent' ? (
        <VaultGate mode="create" />
      ) : state === 'locked' ? (
        <VaultGate mode="unlock" />
      ) : link ? (
        <ProjectGenerate link={link} />
      ) : (
        <Workspace />
      )}
    </SectionPage>
  );
}
