// Runs in the renderer. Choose one or more documents already in the store (filtered by kind, bidder,
// media type), e.g. the signed PDFs to seal or a seal image.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIpc } from '../hooks/useIpc';
import { client } from '../ipc/client';
import { formatBytes, type FileTags, type StoredFileView } from './store';

export interface StoredFilePickerProps {
  tags?: FileTags;
  mediaType?: string;
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
  const files = useIpc(() => client['files.list']({ tags, ...(mediaType ? { mediaType } : {}) }), key);
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
