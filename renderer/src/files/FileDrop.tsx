// Runs in the renderer. Drag & drop (or click) to import files into the document store, with progress.
// The files are read by the browser and sent in chunks, so this works in Electron and the Node host.
import { useState } from 'react';
import { Progress, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { importFiles, type FileTags, type ImportProgress, type StoredFileView } from './store';

export interface FileDropProps {
  /** e.g. ".pdf" or "image/png,image/jpeg" */
  accept?: string;
  multiple?: boolean;
  tags?: FileTags;
  onImported(files: StoredFileView[]): void;
  onError(e: unknown): void;
  testId?: string;
  compact?: boolean;
}

export function FileDrop({ accept, multiple = true, tags = {}, onImported, onError, testId = 'file-drop', compact }: FileDropProps) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const run = async (files: File[]) => {
    try {
      onImported(await importFiles(files, tags, setProgress));
    } catch (e) {
      onError(e);
    } finally {
      setProgress(null);
    }
  };
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        accept={accept}
        multiple={multiple}
        showUploadList={false}
        disabled={progress !== null}
        // antd hands over each file; collect the batch once (fileList is the whole selection)
        beforeUpload={(file, fileList) => {
          if (file === fileList[0]) void run(fileList as unknown as File[]);
          return false;
        }}
        className={compact ? 'bs-file-drop-compact' : undefined}
      >
        {compact ? (
          <span className="bs-file-drop-line">
            <InboxOutlined /> {t('files.dropTitle')}
          </span>
        ) : (
          <>
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('files.dropTitle')}</p>
            <p className="ant-upload-hint">{t('files.dropHint')}</p>
          </>
        )}
      </Upload.Dragger>
      {progress && (
        <div role="status" aria-live="polite" style={{ marginTop: 8 }}>
          {t('files.importing', { file: progress.file, index: progress.index + 1, count: progress.count })}
          <Progress percent={progress.bytesTotal ? Math.floor((100 * progress.bytesDone) / progress.bytesTotal) : 100} size="small" />
        </div>
      )}
    </div>
  );
}
