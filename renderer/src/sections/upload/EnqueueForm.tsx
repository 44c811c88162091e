// Runs in the renderer. Puts a sealed bid from the document store into the outbox for one platform
// (the platform directory gives its tus endpoint and receipt certificate), with the bid deadline.
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { useCurrentBidder } from '../../vault/current-bidder';
import { Button, Card, Checkbox, Col, DatePicker, Form, Row, Select, message } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { StoredFilePicker } from '../../files/StoredFilePicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { IpcError } from '../../../../shared/ipc/contract';
import { PortalHandIn } from './PortalHandIn';

export function EnqueueForm({ onQueued }: { onQueued(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const platforms = useIpc(() => client['platforms.list']({}));
  const [fileId, setFileId] = useState<string>();
  const [fileName, setFileName] = useState<string>();
  const [all, setAll] = useState(false);
  const [platformId, setPlatformId] = useState<string>();
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError>();
  const bidder = useCurrentBidder();
  // From a bid project (?file=…&platform=…&record=…&project=…): the sealed file, its platform and deadline.
  const [params] = useSearchParams();
  const recordId = params.get('record') ?? undefined;
  useEffect(() => {
    const file = params.get('file');
    const platform = params.get('platform');
    const project = params.get('project');
    if (file) void client['files.get']({ id: file }).then((r) => r.ok && (setFileId(r.value.id), setFileName(r.value.name)));
    if (platform) setPlatformId(platform);
    if (project) void client['projects.get']({ id: project }).then((r) => r.ok && setDeadline(dayjs(r.value.deadline)));
  }, [params]);
  const options = useMemo(
    () =>
      // platforms BidSeal can upload to first; the others are listed (disabled) so a bidder sees why
      [...(platforms.value?.platforms ?? [])]
        .sort((a, b) => Number(Boolean(b.upload.endpoint)) - Number(Boolean(a.upload.endpoint)))
        // a platform without an upload API takes the bid on its web portal (PortalHandIn)
        .map((p) => ({
          value: p.id,
          label: `${p.name[lang]}${p.upload.endpoint ? '' : ` · ${t('upload.viaPortal')}`}`,
        })),
    [platforms.value, lang, t],
  );
  const portalOnly = Boolean(platformId && platforms.value && !platforms.value.platforms.find((p) => p.id === platformId)?.upload.endpoint);
  const submit = async () => {
    if (portalOnly) return;
    if (!fileId || !platformId) return;
    setBusy(true);
    setError(undefined);
    const r = await client['upload.enqueue']({ fileId, platformId, ...(recordId ? { recordId } : {}), ...(deadline ? { deadline: deadline.toDate().toISOString() } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    void message.success(t('upload.enqueued', { name: fileName ?? '' }));
    onQueued();
  };
  return (
    <Card className="bs-card" title={t('upload.enqueueTitle')} data-testid="upload-enqueue">
      <Form layout="vertical" onFinish={() => void submit()}>
        <Row gutter={16} align="top">
          <Col xs={24} lg={9}>
            <Form.Item label={t('upload.file')} help={t('upload.fileHelp')} required>
              <StoredFilePicker
                testId="upload-file-picker"
                tags={{ ...(bidder ? { bidder: bidder.uscc } : {}), ...(all ? {} : { kind: 'sealed-bid' }) }}
                value={fileId ? [fileId] : []}
                onChange={(ids, files) => {
                  setFileId(ids[0]);
                  setFileName(files[0]?.name);
                }}
              />
            </Form.Item>
            <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="upload-show-all" className="bs-upload-all">
              {t('upload.showAll')}
            </Checkbox>
          </Col>
          <Col xs={24} lg={7}>
            <Form.Item label={t('upload.platform')} required>
              <Select data-testid="upload-platform" placeholder={t('upload.platformPlaceholder')} options={options} value={platformId} onChange={setPlatformId} loading={platforms.status === 'loading'} showSearch optionFilterProp="label" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={8}>
            <Form.Item label={t('upload.deadline')} help={t('upload.deadlineHelp')}>
              <DatePicker showTime value={deadline} onChange={setDeadline} data-testid="upload-deadline" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {portalOnly && fileId && platformId && <PortalHandIn platformId={platformId} fileId={fileId} {...(recordId ? { recordId } : {})} {...(bidder ? { bidder: bidder.uscc } : {})} onAttached={onQueued} />}
        {error && <ErrorAlert title={t('upload.failedTitle')} error={error} />}
        {!portalOnly && <Button type="primary" htmlType="submit" icon={<CloudUploadOutlined />} loading={busy} disabled={!fileId || !platformId} data-testid="upload-enqueue-submit" className="bs-upload-submit">
          {t('upload.enqueue')}
        </Button>}
      </Form>
    </Card>
  );
}
