// Runs in the renderer. "从招标文件生成清单": the bidder drops the tender document (PDF or .docx) into the
// document store, the main process reads it (projects.readTender, by document id) and proposes checklist
// items and the deadline and opening; the bidder edits, removes and adds items, chooses whether to take the
// times, and applies: the items merge into the project's checklist (shared/workspace/tender.ts
// mergeChecklist: nothing is listed twice, a default item takes the tender's name and keeps its documents).
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Input, Modal, Select, Space, Spin, Switch, Table, Typography } from 'antd';
import { DeleteOutlined, FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client, newJobId } from '../../ipc/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../files/FileDrop';
import { IpcFailure, type StoredFileView } from '../../files/store';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { CHECKLIST_KINDS, type Project } from '../../../../shared/workspace/project';
import { mergeChecklist, type ChecklistKind } from '../../../../shared/workspace/tender';
import { formatBeijingTime } from '../../../../shared/bid/beijing-time';
import { itemTitle } from './common';

type Proposal = Response<'projects.readTender'>;
interface Row {
  key: number;
  title: string;
  kind: ChecklistKind;
  required: boolean;
  page?: number;
}

const asIpcError = (e: unknown): IpcError => (e instanceof IpcFailure ? (e.error as IpcError) : { code: 'E_INTERNAL', message: String(e) });

export function TenderChecklist({ project, onApply }: { project: Project; onApply(edit: (p: Project) => Project): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [file, setFile] = useState<StoredFileView | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [useDeadline, setUseDeadline] = useState(true);
  const [useOpening, setUseOpening] = useState(true);
  const [applying, setApplying] = useState(false);
  const [job, setJob] = useState<{ id: string; done: number; total: number } | null>(null);
  /** the read in flight; a read the dialog was closed on is ignored when it ends */
  const current = useRef<string | null>(null);

  useEffect(() => {
    if (!job) return;
    return client.onProgress((e) => {
      if (e.jobId === job.id) setJob((j) => (j && j.id === e.jobId ? { ...j, done: e.bytesDone, total: e.bytesTotal ?? j.total } : j));
    });
  }, [job?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const reset = () => {
    current.current = null;
    setBusy(false);
    setJob(null);
    setProposal(null);
    setFile(null);
    setRows([]);
    setError(null);
  };
  const read = async (f: StoredFileView) => {
    setFile(f);
    setBusy(true);
    setError(null);
    const jobId = newJobId();
    current.current = jobId;
    setJob({ id: jobId, done: 0, total: 0 });
    const r = await client['projects.readTender']({ fileId: f.id, jobId });
    if (current.current !== jobId) return;
    setBusy(false);
    setJob(null);
    if (!r.ok) return setError(r.error);
    setProposal(r.value);
    setRows(r.value.items.map((it, key) => ({ key, title: it.title, kind: it.kind, required: it.required, page: it.page })));
    setUseDeadline(!!r.value.deadline);
    setUseOpening(!!r.value.opening);
  };
  const edit = (key: number, change: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const fmt = (iso: string) => formatBeijingTime(new Date(iso), lang);
  const dl = proposal?.deadline && useDeadline ? proposal.deadline.iso : undefined;
  const op = proposal?.opening && useOpening ? proposal.opening.iso : undefined;
  // the project refuses an opening before the deadline; say so before applying
  const order = new Date(op ?? project.openingTime).getTime() < new Date(dl ?? project.deadline).getTime();
  const items = rows.filter((r) => r.title.trim());

  const apply = async () => {
    setApplying(true);
    await onApply((q) => ({
      ...q,
      checklist: mergeChecklist(q.checklist, items, (i) => itemTitle(t, i)),
      ...(dl ? { deadline: dl } : {}),
      ...(op ? { openingTime: op } : {}),
    }));
    setApplying(false);
    setOpen(false);
    reset();
  };
  const page = (n: number | undefined) => (proposal?.format === 'pdf' && n !== undefined ? t('projects.tender.page', { n: n + 1 }) : '');

  return (
    <>
      <Button icon={<FileSearchOutlined />} data-testid="tender-open" onClick={() => setOpen(true)}>
        {t('projects.tender.button')}
      </Button>
      <Modal
        open={open}
        width={960}
        style={{ top: 24 }}
        title={t('projects.tender.title')}
        onCancel={() => {
          if (job) void client['jobs.cancel']({ jobId: job.id });
          setOpen(false);
          reset();
        }}
        destroyOnHidden
        footer={
          proposal ? (
            <Space>
              <Button onClick={reset}>{t('projects.tender.another')}</Button>
              <Button type="primary" loading={applying} disabled={(!items.length && !dl && !op) || order} data-testid="tender-apply" onClick={() => void apply()}>
                {t('projects.tender.apply', { n: items.length })}
              </Button>
            </Space>
          ) : null
        }
      >
        <div data-testid="tender-dialog">
          {!proposal && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph type="secondary">{t('projects.tender.hint')}</Typography.Paragraph>
              <FileDrop accept=".pdf,.docx,.doc" multiple={false} tags={{ bidder: project.bidder.uscc, project: project.id, kind: 'tender' }} testId="tender-drop" onImported={(fs) => fs[0] && void read(fs[0])} onError={(e) => setError(asIpcError(e))} />
              {busy && (
                <Space data-testid="tender-reading">
                  <Spin size="small" />
                  {t('projects.tender.reading', { name: file?.name ?? '' })}
                  {job && job.total > 0 && <span data-testid="tender-pages">{t('projects.tender.pages', { done: job.done, total: job.total })}</span>}
                </Space>
              )}
              {error && <ErrorAlert title={t('projects.tender.failed')} error={error} />}
            </Space>
          )}
          {proposal && (
            <Space direction="vertical" size={12} style={{ width: '100%' }}>
              {proposal.chapter ? (
                <Alert type="info" showIcon data-testid="tender-chapter" title={t('projects.tender.found', { name: file?.name ?? '', heading: proposal.chapter.heading, page: page(proposal.chapter.page), n: proposal.items.length })} />
              ) : (
                <Alert type="warning" showIcon data-testid="tender-chapter" title={t('projects.tender.notFound', { name: file?.name ?? '' })} description={t('projects.tender.notFoundHint')} />
              )}
              <Table<Row>
                data-testid="tender-items"
                rowKey="key"
                size="small"
                pagination={false}
                // the dialog fits the window at 1024×700 too: the table scrolls, the times and buttons stay in view
                scroll={{ y: 'max(160px, calc(100vh - 500px))' }}
                dataSource={rows}
                locale={{ emptyText: t('projects.tender.noItems') }}
                columns={[
                  { title: '#', key: 'n', width: 44, render: (_v, _r, i) => i + 1 },
                  { title: t('projects.tender.itemName'), key: 'title', render: (_v, r, i) => <Input value={r.title} maxLength={200} status={r.title.trim() ? undefined : 'warning'} aria-label={t('projects.tender.itemName')} data-testid={`tender-title-${i}`} onChange={(e) => edit(r.key, { title: e.target.value })} /> },
                  {
                    title: t('projects.tender.kind'),
                    key: 'kind',
                    width: 220,
                    render: (_v, r, i) => <Select value={r.kind} style={{ width: '100%' }} data-testid={`tender-kind-${i}`} aria-label={t('projects.tender.kind')} onChange={(kind) => edit(r.key, { kind })} options={CHECKLIST_KINDS.map((k) => ({ value: k, label: t(`projects.kinds.${k}`) }))} />,
                  },
                  { title: t('projects.detail.required'), key: 'required', width: 96, render: (_v, r, i) => <Switch size="small" checked={r.required} data-testid={`tender-required-${i}`} aria-label={t('projects.detail.required')} onChange={(required) => edit(r.key, { required })} /> },
                  { title: t('projects.tender.source'), key: 'page', width: 80, render: (_v, r) => <Typography.Text type="secondary">{page(r.page) || '—'}</Typography.Text> },
                  { title: '', key: 'remove', width: 48, render: (_v, r, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('projects.tender.remove')} data-testid={`tender-remove-${i}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} /> },
                ]}
              />
              <Button icon={<PlusOutlined />} data-testid="tender-add" onClick={() => setRows((rs) => [...rs, { key: Math.max(-1, ...rs.map((r) => r.key)) + 1, title: '', kind: 'other', required: true }])}>
                {t('projects.tender.add')}
              </Button>
              <Space direction="vertical" size={4} data-testid="tender-times">
                {(['deadline', 'opening'] as const).map((which) => {
                  const v = proposal[which];
                  const current = which === 'deadline' ? project.deadline : project.openingTime;
                  const label = t(`projects.tender.${which}`);
                  if (!v) return <Typography.Text key={which} type="secondary" data-testid={`tender-${which}`}>{t('projects.tender.notStated', { label })}</Typography.Text>;
                  return (
                    <div key={which} data-testid={`tender-${which}`}>
                    <Checkbox checked={which === 'deadline' ? useDeadline : useOpening} onChange={(e) => (which === 'deadline' ? setUseDeadline : setUseOpening)(e.target.checked)}>
                      {t('projects.tender.takeTime', { label, time: fmt(v.iso) })}{' '}
                      <Typography.Text type="secondary">{t('projects.tender.timeSource', { source: v.source, page: page(v.page), current: fmt(current) })}</Typography.Text>
                    </Checkbox>
                    </div>
                  );
                })}
              </Space>
              {order && <Alert type="error" showIcon title={t('projects.form.openingBeforeDeadline')} />}
              <Typography.Text type="secondary">{t('projects.tender.mergeHint')}</Typography.Text>
            </Space>
          )}
        </div>
      </Modal>
    </>
  );
}
