// Runs in the renderer. The field that picks a stored seal for placement (the company seal, or the signer's own
// personal seal, which may be left empty) and loads it (seal-image.ts): the same on the document page and in
// the batch dialog.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StoredFileView } from '../../files/store';
import { isElectronicSeal, loadSeal } from './seal-image';
import { imageId, type SealImage } from './model';

export function SealField({ seals, value, onChange, personal, tagged, testId }: {
  seals: StoredFileView[];
  value: SealImage | undefined;
  onChange(seal: SealImage | undefined): void;
  /** the personal seal (optional, cleared with ×) instead of the company seal */
  personal?: boolean;
  /** say after each name whether it is an electronic seal or a bare picture */
  tagged?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const choose = (id?: string) => {
    const f = seals.find((x) => x.id === id);
    if (f) void loadSeal(f).then(onChange);
    else if (id === undefined) onChange(undefined);
  };
  const label = (f: StoredFileView) => (tagged ? `${f.name}（${isElectronicSeal(f) ? t('documents.seals.esealTag') : t('documents.seals.pictureTag')}）` : f.name);
  return (
    <label className="bs-field">
      <span className="bs-field-label">{personal ? t('documents.seals.personalImage') : t('documents.seals.image')}</span>
      <Select
        allowClear={personal}
        value={value && imageId(value)}
        onChange={choose}
        options={seals.map((f) => ({ value: f.id, label: label(f) }))}
        placeholder={personal ? t('documents.seals.personalPlaceholder') : t('documents.seals.imagePlaceholder')}
        notFoundContent={t('documents.seals.noImages')}
        data-testid={testId}
      />
    </label>
  );
}
