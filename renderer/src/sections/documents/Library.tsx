// Runs in the renderer. The documents library: each original with its "-已签章" copies under it, a filter
// by project, rename, delete to the store's trash (restorable from the trash dialog), and 全选 that picks
// only the originals still to sign, so a batch never re-signs an original that already has a signed copy.
import { useMemo, useState } from 'react';
import { App, Button, type ButtonProps, Card, Checkbox, Empty, Input, List, Modal, Popconfirm, Select, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, FileDoneOutlined, FilePdfOutlined, FileTextOutlined, RestOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { useErrorText } from '../../hooks/useErrorText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../files/FileDrop';
import { formatBytes, type StoredFileView } from '../../files/store';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { z } from 'zod';
import type { FileTags as FileTagsSchema } from '../../../../shared/ipc/specs/files';
import { groupLibrary, inProject, isOfdFile, listState, stillToSign, type SignatureView } from './model';

type FileTags = z.infer<typeof FileTagsSchema>;
const STATE_COLOR: Record<string, string> = { unsigned: 'default', signed: 'blue', valid: 'success', changed: 'warning', 'unknown-signer': 'processing', invalid: 'error' };
/** the project filter's value for documents that belong to no project */
const NO_PROJECT = '__none__';

export interface LibraryProps {
  files: readonly StoredFileView[];
  status: 'loading' | 'ok' | 'error';
  error?: IpcError | undefined;
  reload(): void;
  /** the current bidder (vault id and USCC) whose documents are listed */
  bidder: { id: string; uscc: string } | null;
  /** tags a new import gets */
  importTags: FileTags;
  current: StoredFileView | undefined;
  verified: Record<string, SignatureView[] | undefined>;
  checked: string[];
  setChecked(ids: string[]): void;
  onOpen(f: StoredFileView): void;
  onImported(fs: StoredFileView[]): void;
  onImportError(e: unknown): void;
  onBatch(): void;
  /** a project opened from its page (?project=…) is the initial filter */
  initialProject?: string | undefined;
  /** a document was renamed or moved to the trash */
  onChanged(f: StoredFileView, change: 'renamed' | 'trashed'): void;
}

export function Library(p: LibraryProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [project, setProject] = useState<string | undefined>(p.initialProject);
  const [renaming, setRenaming] = useState<{ file: StoredFileView; name: string } | undefined>();
  const [trashOpen, setTrashOpen] = useState(false);
  const projects = useIpc(() => (p.bidder ? client['projects.list']({ bidderId: p.bidder.id }) : client['projects.list']({})), p.bidder?.id);
  const fail = (e: IpcError) => void message.error(errorText(e));

  const allGroups = useMemo(() => groupLibrary(p.files), [p.files]);
  const groups = useMemo(() => {
    if (!project) return allGroups;
    const list = projects.value?.projects ?? [];
    if (project === NO_PROJECT) return allGroups.filter((g) => !list.some((pr) => inProject(g, pr)));
    const pr = list.find((x) => x.id === project);
    return pr ? allGroups.filter((g) => inProject(g, pr)) : allGroups.filter((g) => [g.file, ...g.copies].some((f) => f.tags.project === project));
  }, [allGroups, project, projects.value]);
  const toSign = stillToSign(groups);
  const checkedToSign = toSign.filter((f) => p.checked.includes(f.id));
  const projectOptions = [...(projects.value?.projects ?? []).map((x) => ({ value: x.id, label: x.title })), { value: NO_PROJECT, label: t('documents.library.noProject') }];

  const rename = async () => {
    if (!renaming) return;
    const r = await client['files.rename']({ id: renaming.file.id, name: renaming.name });
    if (!r.ok) return fail(r.error);
    setRenaming(undefined);
    p.onChanged(r.value, 'renamed');
    p.reload();
  };
  const trash = async (f: StoredFileView) => {
    const r = await client['files.trash']({ id: f.id });
    if (!r.ok) return fail(r.error);
    p.setChecked(p.checked.filter((x) => x !== f.id));
    p.onChanged(f, 'trashed');
    p.reload();
    void message.success(t('documents.library.trashed', { name: f.name }));
  };

  const item = (f: StoredFileView, copy: boolean, hasCopy = false) => {
    const st = listState(f, p.verified[f.id]);
    // an original that has its signed copy: say so, not "未签章" (the copy below is what goes into the bid)
    const label = hasCopy && st === 'unsigned' ? t('documents.library.hasCopy') : t(`documents.state.${st}`);
    const active = p.current?.id === f.id;
    return (
      <List.Item key={f.id} className={`bs-doc-list-item${active ? ' bs-doc-list-item-active' : ''}${copy ? ' bs-doc-list-copy' : ''}`} data-testid={copy ? 'document-copy' : 'document-original'}>
        <div className="bs-doc-list-check">
          <Checkbox checked={p.checked.includes(f.id)} disabled={isOfdFile(f)} onChange={(e) => p.setChecked(e.target.checked ? [...p.checked.filter((x) => x !== f.id), f.id] : p.checked.filter((x) => x !== f.id))} aria-label={t('documents.batch.select', { name: f.name })} data-testid="document-check" />
          <button type="button" className="bs-doc-list-button" onClick={() => p.onOpen(f)} data-testid="document-item" data-state={st} data-name={f.name} aria-current={active}>
            {isOfdFile(f) ? <FileTextOutlined className="bs-doc-list-icon" /> : <FilePdfOutlined className="bs-doc-list-icon" />}
            <span className="bs-doc-list-name">
              <Typography.Text ellipsis={{ tooltip: f.name }}>{f.name}</Typography.Text>
              <Typography.Text type="secondary" className="bs-doc-list-size">
                {formatBytes(f.size)}
                {copy ? ` · ${t('documents.library.copyOf')}` : ''}
              </Typography.Text>
            </span>
            <Tag color={hasCopy && st === 'unsigned' ? 'cyan' : STATE_COLOR[st]}>{label}</Tag>
          </button>
          <Tooltip title={t('documents.library.rename')}>
            <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('documents.library.rename')} onClick={() => setRenaming({ file: f, name: f.name.replace(/\.(pdf|ofd)$/i, '') })} data-testid="document-rename" />
          </Tooltip>
          <Popconfirm title={t('documents.library.trashConfirm', { name: f.name })} description={t('documents.library.trashHint')} okText={t('documents.library.trash')} okButtonProps={{ danger: true, 'data-testid': 'document-trash-ok' } as ButtonProps} onConfirm={() => void trash(f)}>
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('documents.library.trash')} data-testid="document-trash" />
          </Popconfirm>
        </div>
      </List.Item>
    );
  };

  return (
    <Card
      className="bs-card"
      title={t('documents.listTitle')}
      data-testid="documents-list"
      extra={
        <Button size="small" type="text" icon={<RestOutlined />} onClick={() => setTrashOpen(true)} data-testid="documents-trash-open">
          {t('documents.library.trashTitle')}
        </Button>
      }
    >
      <FileDrop accept=".pdf,.ofd,application/pdf" tags={p.importTags} compact onImported={p.onImported} onError={p.onImportError} testId="documents-import" />
      {p.status === 'error' && p.error && <ErrorAlert title={t('documents.listError')} error={p.error} onRetry={p.reload} />}
      <Select className="bs-doc-project-filter" allowClear size="small" value={project} onChange={(v?: string) => setProject(v)} options={projectOptions} placeholder={t('documents.library.allProjects')} notFoundContent={t('documents.library.noProjects')} data-testid="documents-project-filter" />
      {groups.length > 0 && (
        <div className="bs-doc-list-head">
          <Tooltip title={t('documents.library.selectAllHint')}>
            <Checkbox
              checked={toSign.length > 0 && checkedToSign.length === toSign.length}
              indeterminate={checkedToSign.length > 0 && checkedToSign.length < toSign.length}
              disabled={toSign.length === 0}
              onChange={(e) => p.setChecked(e.target.checked ? [...new Set([...p.checked, ...toSign.map((f) => f.id)])] : p.checked.filter((id) => !toSign.some((f) => f.id === id)))}
              data-testid="documents-check-all"
            >
              {t('documents.library.selectToSign', { count: toSign.length })}
            </Checkbox>
          </Tooltip>
          <Button size="small" type="primary" ghost icon={<FileDoneOutlined />} disabled={p.checked.length === 0} onClick={p.onBatch} data-testid="batch-open">
            {t('documents.batch.button', { count: p.checked.length })}
          </Button>
        </div>
      )}
      {groups.length === 0 && p.status === 'ok' ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={project ? t('documents.library.noneInProject') : t('documents.listEmpty')} />
      ) : (
        <List size="small" className="bs-doc-list">
          {groups.map((g) => [item(g.file, false, g.copies.length > 0), ...g.copies.map((c) => item(c, true))])}
        </List>
      )}
      <Modal open={!!renaming} title={t('documents.library.renameTitle')} okText={t('documents.library.rename')} onOk={() => void rename()} onCancel={() => setRenaming(undefined)} okButtonProps={{ disabled: !renaming?.name.trim(), 'data-testid': 'document-rename-ok' } as ButtonProps} destroyOnHidden>
        <Input autoFocus value={renaming?.name} onChange={(e) => renaming && setRenaming({ ...renaming, name: e.target.value })} onPressEnter={() => void rename()} suffix=".pdf" maxLength={200} data-testid="document-rename-input" />
      </Modal>
      {trashOpen && <TrashDialog bidder={p.bidder} onClose={() => setTrashOpen(false)} onRestored={p.reload} />}
    </Card>
  );
}

function TrashDialog({ bidder, onClose, onRestored }: { bidder: { uscc: string } | null; onClose(): void; onRestored(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [n, setN] = useState(0);
  const trash = useIpc(() => client['files.listTrash']({ tags: bidder ? { bidder: bidder.uscc } : {} }), n);
  const files = (trash.value?.files ?? []).filter((f) => f.mediaType === 'application/pdf');
  const act = async (op: 'files.restore' | 'files.purge', f: StoredFileView) => {
    const r = await client[op]({ id: f.id });
    if (!r.ok) return void message.error(errorText(r.error));
    setN((x) => x + 1);
    if (op === 'files.restore') {
      onRestored();
      void message.success(t('documents.library.restored', { name: f.name }));
    }
  };
  return (
    <Modal open title={t('documents.library.trashTitle')} footer={null} onCancel={onClose} data-testid="documents-trash">
      <Typography.Paragraph type="secondary">{t('documents.library.trashLead')}</Typography.Paragraph>
      {trash.status === 'error' && <ErrorAlert title={t('documents.listError')} error={trash.error} onRetry={trash.reload} />}
      {files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.library.trashEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={files}
          renderItem={(f) => (
            <List.Item
              data-testid="trash-item"
              actions={[
                <Button key="r" size="small" icon={<UndoOutlined />} onClick={() => void act('files.restore', f)} data-testid="trash-restore">
                  {t('documents.library.restore')}
                </Button>,
                <Popconfirm key="p" title={t('documents.library.purgeConfirm', { name: f.name })} okText={t('documents.library.purge')} okButtonProps={{ danger: true }} onConfirm={() => void act('files.purge', f)}>
                  <Button size="small" danger type="text" data-testid="trash-purge">
                    {t('documents.library.purge')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Typography.Text ellipsis={{ tooltip: f.name }}>{f.name}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
