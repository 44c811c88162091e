// Runs in the renderer. Backup and restore of the vault, and its security settings. Export: one
// bidder or the whole vault into an encrypted .bsvault file (its own passphrase). Import: the file is
// read and checked completely first, the plan (new / identical / conflicts) is shown, the user picks
// a side for each conflict, then everything is written at once — or nothing, if anything fails.
// Also: change the vault passphrase (re-wraps the key) and the idle time before auto-lock.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Divider, Form, Input, InputNumber, Radio, Row, Space, Table, Typography, Upload } from 'antd';
import { CloudDownloadOutlined, ImportOutlined, KeyOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { BACKUP_EXTENSION, BACKUP_MEDIA_TYPE, applyImport, exportBackup, planImport, planKey, readBackup, type ImportPlan, type Resolution } from '../../vault/backup';
import { passphraseRule } from './passphrase-rule';
import { downloadBytes } from './util';
import { useVaultTask } from './useVaultTask';
import { safeFileName } from '../../../../shared/text/file-name';
import { TokenSlots } from './TokenUnlock';

const backupName = (s: string) => safeFileName(s, { max: 60, replacement: '', fallback: 'vault' });

export function BackupPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { vault, current, refresh } = useVaultSession();
  const { busy, run } = useVaultTask<'export' | 'read' | 'apply' | 'pw'>();
  const [file, setFile] = useState<File | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [choices, setChoices] = useState<Record<string, Resolution>>({});
  const [importError, setImportError] = useState<string | null>(null);
  const [autoLock, setAutoLock] = useState<number | null>(null);
  const [exportForm] = Form.useForm<{ scope: 'bidder' | 'vault'; passphrase: string }>();
  const [importForm] = Form.useForm<{ passphrase: string }>();
  const [pwForm] = Form.useForm<{ current: string; next: string }>();

  useEffect(() => void vault.autoLockMinutes().then(setAutoLock), [vault]);

  const doExport = (v: { scope: 'bidder' | 'vault'; passphrase: string }) =>
    run('export', async () => {
      const bidderId = v.scope === 'bidder' ? current?.id : undefined;
      const r = await exportBackup(vault, { passphrase: v.passphrase, bidderId });
      const stamp = new Date().toISOString().slice(0, 10);
      downloadBytes(r.bytes, `${backupName(bidderId ? current!.name : '资料库')}-${stamp}${BACKUP_EXTENSION}`, BACKUP_MEDIA_TYPE);
      message.success(t('vault.backup.exported', { rows: r.rows, blobs: r.blobs }));
      if (r.skipped.length) message.warning(t('vault.backup.skipped', { count: r.skipped.length }));
      exportForm.resetFields(['passphrase']);
    });

  const doRead = async (v: { passphrase: string }) => {
    if (!file) return;
    setImportError(null);
    setPlan(null);
    await run('read', async () => {
      const contents = await readBackup(new Uint8Array(await file.arrayBuffer()), v.passphrase);
      const p = await planImport(vault, contents);
      setPlan(p);
      setChoices({});
    }, setImportError);
  };

  const doApply = async () => {
    if (!plan) return;
    setImportError(null);
    await run('apply', async () => {
      // a tampered local row defaults to the backup's copy
      const resolutions = { ...choices };
      for (const i of plan.items) if (i.status === 'conflict' && i.mineTampered) resolutions[planKey(i)] ??= 'theirs';
      const r = await applyImport(vault, plan, { resolutions });
      message.success(t('vault.backup.imported', { written: r.written, kept: r.kept }));
      setPlan(null);
      setFile(null);
      importForm.resetFields();
      await refresh();
    }, setImportError);
  };

  const doChange = (v: { current: string; next: string }) =>
    run('pw', async () => {
      await vault.changePassphrase(v.current, v.next);
      message.success(t('vault.backup.changed'));
      pwForm.resetFields();
    });

  const conflicts = plan?.items.filter((i) => i.status === 'conflict') ?? [];
  const pwRule = passphraseRule(t);
  return (
    <div data-testid="vault-backup">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card className="bs-card" title={<Space><CloudDownloadOutlined />{t('vault.backup.exportTitle')}</Space>}>
            <Typography.Paragraph type="secondary">{t('vault.backup.exportHint')}</Typography.Paragraph>
            <Form form={exportForm} layout="vertical" onFinish={(v) => void doExport(v)} initialValues={{ scope: current ? 'bidder' : 'vault' }}>
              <Form.Item name="scope" label={t('vault.backup.scope')}>
                <Radio.Group data-testid="backup-scope">
                  <Radio value="bidder" disabled={!current}>{t('vault.backup.scopeBidder')}{current ? `（${current.name}）` : ''}</Radio>
                  <Radio value="vault" data-testid="backup-scope-vault">{t('vault.backup.scopeVault')}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item name="passphrase" label={t('vault.backup.passphrase')} rules={[{ required: true, message: t('vault.validation.required', { field: t('vault.backup.passphrase') }) }, pwRule]}>
                <Input.Password autoComplete="new-password" data-testid="backup-export-passphrase" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'export'} icon={<CloudDownloadOutlined />} data-testid="backup-export">
                {t('vault.backup.export')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card className="bs-card" title={<Space><ImportOutlined />{t('vault.backup.importTitle')}</Space>}>
            <Typography.Paragraph type="secondary">{t('vault.backup.importHint')}</Typography.Paragraph>
            <Form form={importForm} layout="vertical" onFinish={(v) => void doRead(v)}>
              <Form.Item>
                <Upload
                  accept={BACKUP_EXTENSION}
                  maxCount={1}
                  showUploadList={false}
                  beforeUpload={(f) => {
                    setFile(f);
                    setPlan(null);
                    setImportError(null);
                    return Upload.LIST_IGNORE;
                  }}
                >
                  <Button icon={<UploadOutlined />} data-testid="backup-import-file">{file ? file.name : t('vault.backup.chooseFile')}</Button>
                </Upload>
              </Form.Item>
              <Form.Item name="passphrase" label={t('vault.backup.passphrase')} rules={[{ required: true, message: t('vault.validation.required', { field: t('vault.backup.passphrase') }) }]}>
                <Input.Password autoComplete="off" data-testid="backup-import-passphrase" />
              </Form.Item>
              <Button htmlType="submit" disabled={!file} loading={busy === 'read'} data-testid="backup-read">
                {t('vault.backup.read')}
              </Button>
            </Form>
            {importError && <Alert type="error" showIcon title={importError} style={{ marginTop: 12 }} data-testid="backup-import-error" />}
            {plan && (
              <div style={{ marginTop: 16 }} data-testid="backup-plan">
                <Alert type={conflicts.length ? 'warning' : 'info'} showIcon title={t('vault.backup.plan', plan.counts)} />
                {conflicts.length > 0 && (
                  <Table
                    style={{ marginTop: 12 }}
                    size="small"
                    rowKey={(i) => planKey(i)}
                    pagination={false}
                    dataSource={conflicts}
                    columns={[
                      { key: 'what', title: t('vault.backup.conflicts'), render: (_, i) => <><Typography.Text strong>{i.label}</Typography.Text> <Typography.Text type="secondary">{t(`vault.tabs.${i.table === 'bidders' ? 'company' : i.table}` as 'vault.tabs.company')}</Typography.Text></> },
                      { key: 'mine', title: t('vault.backup.mine'), render: (_, i) => (i.mineTampered ? <Typography.Text type="danger">{t('vault.common.tampered')}</Typography.Text> : i.mineUpdatedAt?.slice(0, 16).replace('T', ' ')) },
                      { key: 'theirs', title: t('vault.backup.theirs'), render: (_, i) => i.theirsUpdatedAt.slice(0, 16).replace('T', ' ') },
                      {
                        key: 'choice',
                        title: '',
                        render: (_, i) => (
                          <Radio.Group size="small" optionType="button" value={choices[planKey(i)] ?? (i.mineTampered ? 'theirs' : 'mine')} onChange={(e) => setChoices((c) => ({ ...c, [planKey(i)]: e.target.value as Resolution }))}>
                            <Radio.Button value="mine">{t('vault.backup.keepMine')}</Radio.Button>
                            <Radio.Button value="theirs">{t('vault.backup.takeTheirs')}</Radio.Button>
                          </Radio.Group>
                        ),
                      },
                    ]}
                  />
                )}
                <Button
                  type="primary"
                  style={{ marginTop: 12 }}
                  loading={busy === 'apply'}
                  onClick={() => void doApply()}
                  data-testid="backup-apply"
                >
                  {t('vault.backup.apply')}
                </Button>
              </div>
            )}
          </Card>
        </Col>
      </Row>
      <Divider />
      <Card className="bs-card" title={<Space><KeyOutlined />{t('vault.toolbar.settings')}</Space>}>
        <Row gutter={24}>
          <Col xs={24} lg={14}>
            <Typography.Title level={5}>{t('vault.backup.changePassphrase')}</Typography.Title>
            <Form form={pwForm} layout="inline" onFinish={(v) => void doChange(v)} style={{ rowGap: 8 }}>
              <Form.Item name="current" rules={[{ required: true, message: t('vault.validation.required', { field: t('vault.backup.currentPassphrase') }) }]}>
                <Input.Password placeholder={t('vault.backup.currentPassphrase')} autoComplete="current-password" data-testid="pw-current" />
              </Form.Item>
              <Form.Item name="next" rules={[{ required: true, message: t('vault.validation.required', { field: t('vault.backup.newPassphrase') }) }, pwRule]}>
                <Input.Password placeholder={t('vault.backup.newPassphrase')} autoComplete="new-password" data-testid="pw-next" />
              </Form.Item>
              <Button htmlType="submit" loading={busy === 'pw'} data-testid="pw-change">
                {t('vault.backup.changePassphrase')}
              </Button>
            </Form>
          </Col>
          <Col xs={24} lg={10}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('vault.backup.autoLock')}>
                <InputNumber min={1} max={1440} value={autoLock ?? undefined} onChange={(v) => v && void vault.setAutoLockMinutes(v).then(() => setAutoLock(v))} data-testid="autolock-minutes" />
              </Descriptions.Item>
            </Descriptions>
          </Col>
        </Row>
        <Divider />
        <TokenSlots />
      </Card>
    </div>
  );
}
