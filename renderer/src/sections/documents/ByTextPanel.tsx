// Runs in the renderer. Seals placed by the document's words (按文字盖章): pdf.sealPlaces finds the places
// whose words ask for a seal or signature ("（盖单位章）", "法定代表人或其委托代理人：（签字或盖章）"…), lists
// them with whether a seal already covers them, and puts the company seal / the legal representative's seal
// centred on every open place as ordinary placements, to be reviewed (dragged, removed) before signing. Where
// the words ask the legal representative to sign or seal, a chosen handwritten signature goes there instead
// of the personal seal, or with it, as the user says.
import { useEffect, useState } from 'react';
import { Button, Segmented, Tag, Typography } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { SealPlaceView } from '../../../../shared/ipc/specs/pdf';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { StoredFileView } from '../../files/store';
import { DEFAULT_SIZE, newKey, type Placement, type SealImage } from './model';

/** A seal `size` points wide (height by the image) centred on a place's mark; `kind` 'handwritten' puts a handwritten signature there. */
export function placementOver(p: SealPlaceView, seal: SealImage, kind: 'company' | 'personal' | 'handwritten' = p.kind): Placement {
  const width = DEFAULT_SIZE[kind];
  const height = width * seal.aspect;
  const cx = p.box.x + p.box.width / 2;
  const cy = p.box.y + p.box.height / 2;
  return { key: newKey(), kind, page: p.page, rect: { x: cx - width / 2, y: cy - height / 2, width, height }, seal, byText: true };
}

/** What goes where the legal representative is asked to sign or seal. */
export type PersonalUse = 'seal' | 'signature' | 'both';

export function ByTextPanel({ file, seal, personalSeal, signature, onPlace, onPage }: {
  file: StoredFileView;
  seal?: SealImage;
  personalSeal?: SealImage;
  /** a handwritten signature (手写签名) */
  signature?: SealImage;
  /** the new placements (replacing earlier ones placed by the words) */
  onPlace(ps: Placement[]): void;
  onPage(page: number): void;
}) {
  const { t } = useTranslation();
  const [places, setPlaces] = useState<SealPlaceView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [choice, setChoice] = useState<PersonalUse>('seal');
  // with one of the two only, that one; with both, the user's choice (the seal, as before signatures existed)
  const use: PersonalUse = personalSeal && signature ? choice : signature ? 'signature' : 'seal';
  const personalImages: Array<['personal' | 'handwritten', SealImage]> = [
    ...(personalSeal && use !== 'signature' ? [['personal', personalSeal] as ['personal', SealImage]] : []),
    ...(signature && use !== 'seal' ? [['handwritten', signature] as ['handwritten', SealImage]] : []),
  ];
  useEffect(() => {
    setPlaces(null);
    setError(null);
  }, [file.id]);

  const find = async () => {
    setBusy(true);
    setError(null);
    const r = await client['pdf.sealPlaces']({ fileId: file.id });
    setBusy(false);
    if (r.ok) setPlaces(r.value.places);
    else setError(r.error);
  };
  const open = (places ?? []).filter((p) => !p.covered);
  const company = open.filter((p) => p.kind === 'company');
  const personal = open.filter((p) => p.kind === 'personal');
  const placeable = (seal ? company.length : 0) + personal.length * personalImages.length;
  const place = () => {
    const ps = [...(seal ? company.map((p) => placementOver(p, seal)) : []), ...personalImages.flatMap(([kind, img]) => personal.map((p) => placementOver(p, img, kind)))];
    onPlace(ps);
    if (ps[0]) onPage(ps[0].page);
  };

  return (
    <div className="bs-stack bs-bytext" data-testid="bytext-panel">
      <Typography.Text strong>{t('documents.byText.title')}</Typography.Text>
      <Typography.Text type="secondary">{t('documents.byText.lead')}</Typography.Text>
      <Button icon={<FileSearchOutlined />} loading={busy} onClick={() => void find()} data-testid="bytext-find">
        {t('documents.byText.find')}
      </Button>
      {error && <ErrorAlert title={t('documents.byText.title')} error={error} />}
      {places && places.length === 0 && <Typography.Text type="warning" data-testid="bytext-none">{t('documents.byText.none')}</Typography.Text>}
      {places && places.length > 0 && (
        <>
          <Typography.Text data-testid="bytext-summary">{t('documents.byText.found', { count: places.length, missing: open.length })}</Typography.Text>
          <ul className="bs-bytext-list" data-testid="bytext-places">
            {places.map((p, i) => (
              <li key={i} data-kind={p.kind} data-covered={p.covered}>
                <button type="button" className="bs-link-button" onClick={() => onPage(p.page)}>
                  {t('documents.byText.onPage', { page: p.page + 1 })}
                </button>
                <Typography.Text ellipsis={{ tooltip: p.text }} className="bs-bytext-text">{p.text}</Typography.Text>
                <Tag color={p.covered ? 'success' : 'warning'}>{p.covered ? t('documents.byText.covered') : t(`documents.byText.kind.${p.kind}`)}</Tag>
              </li>
            ))}
          </ul>
          {personal.length > 0 && personalSeal && signature && (
            <div className="bs-field">
              <span className="bs-field-label">{t('signature.docs.personalUse')}</span>
              <Segmented<PersonalUse>
                value={choice}
                onChange={setChoice}
                block
                size="small"
                options={[
                  { value: 'seal', label: t('signature.docs.useSeal') },
                  { value: 'signature', label: t('signature.docs.useSignature') },
                  { value: 'both', label: t('signature.docs.useBoth') },
                ]}
                data-testid="bytext-personal-use"
              />
            </div>
          )}
          {personal.length > 0 && !personalSeal && !signature && <Typography.Text type="warning">{t('documents.byText.needPersonal', { count: personal.length })}</Typography.Text>}
          {company.length > 0 && !seal && <Typography.Text type="warning">{t('documents.seals.needImage')}</Typography.Text>}
          <Button type="primary" ghost disabled={placeable === 0} onClick={place} data-testid="bytext-place">
            {t('documents.byText.place', { count: placeable })}
          </Button>
        </>
      )}
    </div>
  );
}
