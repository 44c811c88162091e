// Runs in the renderer. Upload (上传): the outbox of sealed bids with resumable uploads, live progress,
// pause/resume/retry, deadline refusals shown as such, and each platform's verified receipt. The outbox
// lives in the Node side (it keeps going while this page is closed); this page polls it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { CloudUploadOutlined, FileDoneOutlined, InboxOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import type { OutboxItemView, PortalHandInView } from '../../../shared/ipc/specs/upload';
import { PortalList } from './upload/PortalList';
import type { IpcError } from '../../../shared/ipc/contract';
import { EnqueueForm } from './upload/EnqueueForm';
import { OutboxList, type OutboxAction } from './upload/OutboxList';
import { ACTIVE_STATES } from './upload/format';
import './upload/upload.css';

export default function Upload() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const [items, setItems] = useState<OutboxItemView[]>();
  const [portal, setPortal] = useState<PortalHandInView[]>([]);
  const [error, setError] = useState<IpcError>();
  const [busy, setBusy] = useState<string>();
  const openFileId = useSearchParams()[0].get('receipt');
  const platforms = useIpc(() => client['platforms.list']({}));
  const names = useMemo(() => new Map((platforms.value?.platforms ?? []).map((p) => [p.id, p.name[lang]])), [platforms.value, lang]);
  const platformName = useCallback((id: string) => names.get(id) ?? id, [names]);

  const refresh = useCallback(async () => {
    const [r, p] = await Promise.all([client['upload.list']({}), client['upload.portalList']({})]);
    if (p.ok) setPortal(p.value.items);
    if (r.ok) {
      setItems(r.value.items);
      setError(undefined);
    } else setError(r.error);
  }, []);

  const active = (items ?? []).some((i) => (ACTIVE_STATES as readonly string[]).includes(i.state));
  useEffect(() => {
    void refresh();
    const h = setInterval(() => void refresh(), active ? 500 : 4000);
    return () => clearInterval(h);
  }, [refresh, active]);

  const onAction = async (a: OutboxAction, id: string) => {
    setBusy(`${a}:${id}`);
    const op = a === 'pause' ? 'upload.pause' : a === 'resume' ? 'upload.resume' : a === 'start' ? 'upload.start' : a === 'cancel' ? 'upload.cancel' : 'upload.remove';
    const r = await client[op]({ id });
    setBusy(undefined);
    if (!r.ok) setError(r.error);
    void refresh();
  };

  const list = items ?? [];
  const stats = [
    { key: 'outbox', icon: <InboxOutlined />, value: list.filter((i) => i.state !== 'done' && i.state !== 'cancelled').length },
    { key: 'uploading', icon: <SyncOutlined />, value: list.filter((i) => i.state === 'uploading').length },
    { key: 'receipts', icon: <FileDoneOutlined />, value: list.filter((i) => i.receipt).length },
  ] as const;
  return (
    <SectionPage sectionKey="upload">
      <Alert type="warning" showIcon title={t('upload.deadlineAlert')} />
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col xs={24} md={8} key={s.key}>
            <Card className="bs-card bs-stat-card">
              <Statistic title={t(`upload.${s.key}`)} value={s.value} prefix={<span className="bs-stat-icon">{s.icon}</span>} suffix={t('upload.items')} />
            </Card>
          </Col>
        ))}
      </Row>
      {error && <ErrorAlert title={t('upload.failedTitle')} error={error} onRetry={() => void refresh()} />}
      <EnqueueForm onQueued={() => void refresh()} />
      {portal.length > 0 && <PortalList items={portal} platformName={platformName} />}
      {list.length ? (
        <OutboxList key={list.length ? 'loaded' : 'empty'} openFileId={openFileId} items={list} platformName={platformName} onAction={(a, id) => void onAction(a, id)} busy={busy} />
      ) : portal.length ? null : (
        <Card className="bs-card">
          <EmptyState title={t('upload.emptyTitle')} description={t('upload.emptyDescription')} image={<CloudUploadOutlined className="bs-empty-icon" />} />
        </Card>
      )}
    </SectionPage>
  );
}
