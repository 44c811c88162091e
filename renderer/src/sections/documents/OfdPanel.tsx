// Runs in the renderer. An OFD document (GB/T 33190) of the store: its pages (size in mm) and every signature's
// verdict (ofd.inspect, the report `bidseal ofd verify --json` gives), and sealing it with an electronic seal of the
// bidder's seal library (ofd.sign): on a page at a position in mm from the page's top-left corner, or across every
// page's right edge (骑缝章). OFD seals need an electronic seal: a loose picture is not offered. The page is drawn
// (OfdPageView) with the seals already on it; a click on it places the new seal there, as on a PDF.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Empty, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client, newJobId } from '../../ipc/client';
import { OfdPageView } from './OfdPageView';
import { useIpc } from '../../hooks/useIpc';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { CarrierPicker, type CarrierChoice } from '../../components/CarrierPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { StoredFileView } from '../../files/store';
import { SignFailures, SignJobModal, useSealRefusal } from './SignJobModal';

type OfdSignature = Response<'ofd.verify'>['signatures'][number];
const SEAL_MM = 40;

function signatureColor(s: OfdSignature): string {
  if (!s.intact) return 'error';
  return s.trusted ? 'success' : 'processing';
}

function SignatureItem({ s, n }: { s: OfdSignature; n: number }) {
  const { t } = useTranslation();
  const seal = s.ses?.seal;
  const verdict = s.error ? 'invalid' : !s.intact ? 'invalid' : s.trusted ? 'valid' : 'unknown-signer';
  return (
    <List.Item data-testid="ofd-signature" data-intact={String(s.intact)}>
      <div className="bs-stack" style={{ width: '100%', gap: 4 }}>
        <Space wrap>
          <Typography.Text strong>{t('documents.ofd.signature', { n, type: s.type === 'Seal' ? t('documents.ofd.typeSeal') : t('documents.ofd.typeSign') })}</Typography.Text>
          <Tag color={signatureColor(s)} data-testid="ofd-signature-verdict">{t(`documents.verdict.${verdict}`)}</Tag>
          {seal && (
            <Tag color={seal.intact ? (seal.status === 'valid' ? 'success' : 'warning') : 'error'} data-testid="ofd-seal-verdict" data-status={seal.status}>
              {t('documents.panel.eseal')} · {t(`documents.sealStatus.${seal.status}`, { defaultValue: seal.status })}
            </Tag>
          )}
        </Space>
        {seal && <Typography.Text data-testid="ofd-seal-name">{seal.name}</Typography.Text>}
        <Typography.Text type="secondary" className="bs-break">{t('documents.ofd.signer', { signer: (s.ses?.signer ?? s.cms?.signer)?.subject ?? '—' })}</Typography.Text>
        {(s.ses?.time ?? s.cms?.time) && <Typography.Text type="secondary">{t('documents.ofd.time', { time: new Date((s.ses?.time ?? s.cms?.time)!).toLocaleString() })}</Typography.Text>}
        <Typography.Text type="secondary">
          {t('documents.ofd.references', { total: s.references.total, failed: s.references.failed.length })}
          {' · '}
          {t('documents.ofd.stamps', { pages: [...new Set(s.stamps.map((x) => (x.page ?? -1) + 1))].filter((p) => p > 0).join('、') || '—' })}
        </Typography.Text>
        {s.references.failed.map((f) => (
          <Typography.Text type="danger" key={f.path} className="bs-break">
            {f.path}: {f.problem}
          </Typography.Text>
        ))}
        {s.error && <Typography.Text type="danger">{s.error.message}</Typography.Text>}
      </div>
    </List.Item>
  );
}

export function OfdPanel({ file, seals, onSigned }: { file: StoredFileView; seals: StoredFileView[]; onSigned(f: StoredFileView): void }) {
  const { t } = useTranslation();
  const inspect = useIpc(() => client['ofd.inspect']({ fileId: file.id }), file.id);
  // the seals' own size in mm, for the place shown on the page (the library's view of each seal)
  const library = useIpc(() => client['seals.list']({ ...(file.tags.bidder ? { bidder: file.tags.bidder } : {}) }), file.tags.bidder ?? '');
  const esealFiles = seals.filter((s) => s.tags.kind === 'eseal' || s.mediaType === 'application/x-eseal');
  const [sealId, setSealId] = useState<string | undefined>(esealFiles[0]?.id);
  const [page, setPage] = useState(0);
  const [x, setX] = useState<number | null>(null);
  const [y, setY] = useState<number | null>(null);
  const [cross, setCross] = useState(false);
  const [signing, setSigning] = useState(false);
  const pages = inspect.value?.pages ?? [];
  const box = pages[page];
  const pic = library.value?.seals.find((e) => e.fileId === sealId)?.picture;
  const sealW = pic?.widthMm || SEAL_MM;
  const sealH = pic?.heightMm || SEAL_MM;
  const round1 = (n: number) => Math.round(n * 10) / 10;
  // a click on the page centres the seal there, kept inside the page (a cross-page seal shows this page's slice at
  // the right edge, as sealOfd cuts it)
  const pick = (mx: number, my: number) => {
    if (!box || cross) return;
    setX(round1(Math.min(Math.max(0, mx - sealW / 2), Math.max(0, box.widthMm - sealW))));
    setY(round1(Math.min(Math.max(0, my - sealH / 2), Math.max(0, box.heightMm - sealH))));
  };
  // the default place: bottom right of the page, clear of the margin
  useEffect(() => {
    if (!box) return;
    setX(Math.max(0, Math.round(box.widthMm - SEAL_MM - 25)));
    setY(Math.max(0, Math.round(box.heightMm - SEAL_MM - 40)));
  }, [box?.widthMm, box?.heightMm]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!sealId && esealFiles[0]) setSealId(esealFiles[0].id);
  }, [esealFiles.length]); // eslint-disable-line react-hooks/exhaustive-deps

  const sigs = inspect.value?.verify.signatures ?? [];
  const ready = !!sealId && (cross ? pages.length >= 2 : !!box && x !== null && y !== null);
  return (
    <div className="bs-stack" style={{ padding: 12 }} data-testid="ofd-panel" data-pages={pages.length}>
      {inspect.status === 'error' && <ErrorAlert title={t('documents.viewer.loadError')} error={inspect.error} onRetry={inspect.reload} />}
      <Typography.Text type="secondary">{t('documents.ofd.pages', { count: pages.length })}</Typography.Text>
      {pages.length > 1 && (
        <Space wrap>
          <Button size="small" disabled={page <= 0} onClick={() => setPage(page - 1)} data-testid="ofd-prev">
            ‹
          </Button>
          <Typography.Text data-testid="ofd-page-no">
            {page + 1} / {pages.length}
          </Typography.Text>
          <Button size="small" disabled={page >= pages.length - 1} onClick={() => setPage(page + 1)} data-testid="ofd-next">
            ›
          </Button>
        </Space>
      )}
      {box && <OfdPageView key={`${file.id}#${page}`} fileId={file.id} page={page} placement={cross ? { x: box.widthMm - sealW / pages.length, y: (box.heightMm - sealH) / 2, w: sealW / pages.length, h: sealH } : x !== null && y !== null ? { x, y, w: sealW, h: sealH } : null} {...(cross ? {} : { onPick: pick })} />}
      <div>
        <Typography.Title level={5}>{t('documents.panel.title')}</Typography.Title>
        {sigs.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.ofd.unsigned')} />
        ) : (
          <>
            {inspect.value && <Alert type={inspect.value.verify.ok ? 'success' : 'error'} showIcon data-testid="ofd-verdict" data-ok={String(inspect.value.verify.ok)} title={t(inspect.value.verify.ok ? 'documents.ofd.allIntact' : 'documents.ofd.notIntact')} description={inspect.value.verify.unprotected.length ? t('documents.ofd.unprotected', { parts: inspect.value.verify.unprotected.join('、') }) : undefined} />}
            <List size="small" dataSource={sigs} renderItem={(s, i) => <SignatureItem s={s} n={i + 1} />} />
          </>
        )}
      </div>
      <div className="bs-stack">
        <Typography.Title level={5}>{t('documents.ofd.sealTitle')}</Typography.Title>
        {esealFiles.length === 0 && <Alert type="warning" showIcon title={t('documents.ofd.needEseal')} />}
        <label className="bs-field">
          <span className="bs-field-label">{t('documents.seals.image')}</span>
          <Select value={sealId} onChange={setSealId} options={esealFiles.map((f) => ({ value: f.id, label: `${f.name}（${t('documents.seals.esealTag')}）` }))} data-testid="ofd-seal-select" />
        </label>
        <Checkbox checked={cross} disabled={pages.length < 2} onChange={(e) => setCross(e.target.checked)} data-testid="ofd-cross-page">
          {t('documents.kinds.cross-page')}
        </Checkbox>
        {!cross && (
          <Space wrap>
            <label className="bs-field">
              <span className="bs-field-label">{t('documents.ofd.page')}</span>
              <Select value={page} onChange={setPage} style={{ width: 120 }} options={pages.map((p) => ({ value: p.index, label: t('documents.seals.onPage', { page: p.index + 1 }) }))} data-testid="ofd-page" />
            </label>
            <label className="bs-field">
              <span className="bs-field-label">{t('documents.ofd.x')}</span>
              <InputNumber min={0} max={box?.widthMm ?? 1000} value={x} onChange={setX} data-testid="ofd-x" />
            </label>
            <label className="bs-field">
              <span className="bs-field-label">{t('documents.ofd.y')}</span>
              <InputNumber min={0} max={box?.heightMm ?? 1000} value={y} onChange={setY} data-testid="ofd-y" />
            </label>
          </Space>
        )}
        <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={!ready} onClick={() => setSigning(true)} data-testid="ofd-sign-open">
          {t('documents.ofd.signButton')}
        </Button>
      </div>
      {signing && sealId && (
        <OfdSignModal
          file={file}
          sealFileId={sealId}
          request={cross ? { crossPage: {} } : { placements: [{ page, x: x ?? 0, y: y ?? 0 }] }}
          onClose={() => setSigning(false)}
          onSigned={(f) => {
            setSigning(false);
            onSigned(f);
          }}
        />
      )}
    </div>
  );
}

function OfdSignModal({ file, sealFileId, request, onClose, onSigned }: { file: StoredFileView; sealFileId: string; request: { placements?: Array<{ page: number; x: number; y: number }>; crossPage?: object }; onClose(): void; onSigned(f: StoredFileView): void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<CarrierChoice | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const refusal = useSealRefusal(choice?.certificate, [sealFileId]);
  const sign = async () => {
    if (!choice) return;
    const jobId = newJobId();
    setBusy(jobId);
    setError(null);
    const r = await client['ofd.sign']({ fileId: file.id, sealFileId, carrier: choice.carrier, ...request, jobId });
    setBusy(null);
    if (r.ok) onSigned(r.value.file);
    else setError(r.error);
  };
  return (
    <SignJobModal title={t('documents.ofd.signTitle')} jobId={busy ?? undefined} ready={!!choice && !refusal} onSign={() => void sign()} onClose={onClose} testId="ofd-sign">
      <div className="bs-stack" data-testid="ofd-sign-modal">
        <Typography.Paragraph type="secondary">{t('documents.ofd.signLead', { name: file.name })}</Typography.Paragraph>
        <CarrierPicker onChange={setChoice} />
        <SignFailures refusal={refusal} error={error} />
      </div>
    </SignJobModal>
  );
}
