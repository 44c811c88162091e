// Runs in the renderer. Choose one or more documents already in the store (filtered by kind, bidder,
// media type), e.g. the signed PDFs to seal or a seal image.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIpc } from '../hooks/useIpc';
import { client } from '../ipc/client';
import { formatBytes, type FileTags, type StoredFileView } from './store';

export interface StoredFilePickerProps {
  tags?: FileTags;
  /** one media type, or several (e.g. PDF and OFD) */
  mediaType?: string | readonly string[];
  value?: string[];
  multiple?: boolean;
  onChange(ids: string[], files: StoredFileView[]): void;
  /** bump to re-read the store after an import */
  refreshKey?: number;
  testId?: string;
}

export function StoredFilePicker({ tags = {}, mediaType, value, multiple, onChange, refreshKey = 0, testId = 'stored-file-picker' }: StoredFilePickerProps) {
  const { t } = useTranslation();
  const key = JSON.stringify([tags, mediaType, refreshKey]);
  const files = useIpc(async () => {
    const r = await client['files.list']({ tags });
    const types = mediaType === undefined ? undefined : typeof mediaType === 'string' ? [mediaType] : mediaType;
    return r.ok && types ? { ok: true as const, value: { files: r.value.files.filter((f) => types.includes(f.mediaType)) } } : r;
  }, key);
  const list = files.value?.files ?? [];
  return (
    <Select
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      style={{ width: '100%' }}
      placeholder={t('files.pickerPlaceholder')}
      notFoundContent={t('files.pickerEmpty')}
      loading={files.status === 'loading'}
      value={multiple ? value : value?.[0]}
      options={list.map((f) => ({ value: f.id, label: `${f.name} · ${formatBytes(f.size)}` }))}
      onChange={(v: string | string[]) => {
        const ids = Array.isArray(v) ? v : v ? [v] : [];
        onChange(ids, list.filter((f) => ids.includes(f.id)));
      }}
    />
  );
}
