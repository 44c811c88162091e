// Runs in the renderer. "USB key (PKCS#11)": pick a detected driver (tokens.modules) or add one through
// the main process's file dialog (tokens.addModule; drivers are named by id), read the tokens (tokens.slots), add their certificates to My certificates and make a test
// signature with one (the PIN dialog is in TokenTestSign).
import { useState } from 'react';
import { Alert, Button, Empty, Select, Skeleton } from 'antd';
import { IconCard } from '../../components/IconCard';
import { ReloadOutlined, SearchOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { IpcError, TokenSlotView } from '../../../../shared/ipc/contract';
import { TokenSlot } from './TokenSlot';
import { AddDriverButton } from '../../components/AddDriverButton';
import type { MyCertificates } from './model';
import { useSaveToVault } from './save';

type ReadState = { state: 'idle' } | { state: 'loading' } | { state: 'ok'; slots: TokenSlotView[]; moduleId: string } | { state: 'error'; error: IpcError };

export function UsbKey({ mine }: { mine: MyCertificates }) {
  const { t } = useTranslation();
  const save = useSaveToVault(mine);
  const modules = useIpc(() => client['tokens.modules']({}));
  const [selected, setSelected] = useState<string | undefined>();
  const [read, setRead] = useState<ReadState>({ state: 'idle' });
  const found = modules.value?.modules ?? [];
  const moduleId = selected ?? found[0]?.id;

  const onRead = async () => {
    if (!moduleId) return;
    setRead({ state: 'loading' });
    const r = await client['tokens.slots']({ moduleId });
    setRead(r.ok ? { state: 'ok', slots: r.value.slots, moduleId } : { state: 'error', error: r.error });
  };

  /** Reads the same module again without the loading state (the PIN state changed after a login). */
  const reread = async () => {
    if (read.state !== 'ok') return;
    const id = read.moduleId;
    const r = await client['tokens.slots']({ moduleId: id });
    if (r.ok) setRead((cur) => (cur.state === 'ok' && cur.moduleId === id ? { state: 'ok', slots: r.value.slots, moduleId: id } : cur));
  };

  const fps = new Set(mine.list.map((c) => c.view.fingerprintSha256));

  return (
    <IconCard
      data-testid="pkcs11-modules"
      icon={<UsbOutlined />}
      title={t('certificates.token.title')}
      lead={t('certificates.token.description')}
      extra={<Button size="small" icon={<ReloadOutlined />} onClick={modules.reload} loading={modules.status === 'loading'} data-testid="token-modules-refresh">{t('common.refresh')}</Button>}
    >
      {modules.status === 'error' ? (
        <ErrorAlert title={t('certificates.token.modulesError')} error={modules.error} onRetry={modules.reload} />
      ) : !modules.value ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <div className="bs-stack">
          {found.length === 0 && <Alert type="info" showIcon title={t('certificates.modulesEmpty')} data-testid="token-modules-empty" />}
          <div className="bs-token-form">
            <label className="bs-field bs-field-grow">
              <span className="bs-field-label">{t('certificates.token.module')}</span>
              <Select
                value={moduleId}
                onChange={setSelected}
                disabled={found.length === 0}
                placeholder={t('certificates.token.modulePlaceholder')}
                data-testid="token-module-select"
                options={found.map((m) => ({
                  value: m.id,
                  label: (
                    <span className="bs-module-option">
                      <span className="bs-module-name">{m.label}</span>
                      <span className="bs-module-path">{m.path}</span>
                    </span>
                  ),
                }))}
              />
            </label>
            <AddDriverButton
              testId="token-add-driver"
              label={t('certificates.token.addDriver')}
              onAdded={(id) => {
                setSelected(id);
                modules.reload();
              }}
            />
            <Button type="primary" icon={<SearchOutlined />} disabled={!moduleId} loading={read.state === 'loading'} onClick={() => void onRead()} data-testid="token-read" className="bs-token-read">
              {t('certificates.token.read')}
            </Button>
          </div>
          {read.state === 'error' && <ErrorAlert title={t('certificates.token.readError')} error={read.error} onRetry={() => void onRead()} />}
          {read.state === 'ok' &&
            (read.slots.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('certificates.token.noTokens')} data-testid="token-none" />
            ) : (
              <div className="bs-stack" data-testid="token-slots">
                {read.slots.map((s) => (
                  <TokenSlot
                    key={s.slotId}
                    slot={s}
                    moduleId={read.moduleId}
                    onTokenChanged={reread}
                    isAdded={(fp) => fps.has(fp)}
                    onAdd={(c) => {
                      void save([{ view: c.certificate, pkcs11Uri: c.uri }]);
                    }}
                  />
                ))}
              </div>
            ))}
        </div>
      )}
    </IconCard>
  );
}
