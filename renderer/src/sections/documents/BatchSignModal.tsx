// Runs in the renderer. Batch signing (批量签章): several documents of the list signed with one identity
// and one PIN or password entry (pdf.signBatch). What goes on each document is said in page-relative terms
// so it fits pages of every size: the company seal on the first or last page at a chosen corner and margin,
// and/or the cross-page seal, or an invisible signature; by the words, the company seal, the personal seal and
// a person's handwritten signature (手写签名) where the words ask for them. Progress per file (current file, n of m, bytes);
// cancel stops after nothing of the current file is kept; then a result list — signed (opens in the
// viewer), failed with the reason, skipped. Each signed copy is a new document; the originals stay as they were.
import { useEffect, useState } from 'react';
import { Button, Checkbox, Input, InputNumber, Modal, Progress, Radio, Select, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client, newJobId } from '../../ipc/client';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { ANCHOR_CORNERS, type AnchorCorner, type SealPlacement } from '../../../../shared/ipc/specs/pdf';
import { CarrierPicker, type CarrierChoice } from '../../components/CarrierPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useErrorText } from '../../hooks/useErrorText';
import { formatBytes, type StoredFileView } from '../../files/store';
import { SealField } from './SealField';
import type { SealImage } from './model';
import { HandSignaturePicker } from './HandSignaturePicker';

type Result = Response<'pdf.signBatch'>;
type Mark = 'by-text' | 'company' | 'cross-page' | 'invisible';

const NOTE_CODES = { E_PDF_CROSS_PAGE_ONE_PAGE: 1, E_PDF_TEXT_NOT_FOUND: 1, E_PDF_PLACES_ALL_SEALED: 1 } as const;

/** millimetres → PDF points (1 pt = 1/72 in) */
const pt = (mm: number) => Math.round(((mm * 72) / 25.4) * 100) / 100;

/** The placements of the batch, the same for every document (positions relative to the page). */
export function batchPlacements(o: { marks: Mark[]; seal?: SealImage; personalSeal?: SealImage; signature?: SealImage; page: 'first' | 'last'; corner: AnchorCorner; sizeMm: number; marginMm: number }): SealPlacement[] {
  const out: SealPlacement[] = [];
  const size = pt(o.sizeMm);
  // by the words: found in each document when it is signed; a document without such words is signed with
  // the other marks and a note (pdf.signBatch is lenient there)
  if (o.marks.includes('by-text') && o.seal?.file) out.push({ kind: 'company', atText: {}, sealImageFileId: o.seal.file.id, width: size });
  if (o.marks.includes('by-text') && o.personalSeal?.file) out.push({ kind: 'personal', atText: {}, sealImageFileId: o.personalSeal.file.id });
  // the handwritten signature goes inline where the legal representative is asked to sign (never into the file store)
  if (o.marks.includes('by-text') && o.signature?.signature) out.push({ kind: 'handwritten', atText: {}, imagePng: o.signature.signature.base64 });
  if (o.marks.includes('company') && o.seal?.file) {
    const margin = pt(o.marginMm);
    out.push({ kind: 'company', page: o.page === 'last' ? -1 : 0, anchor: { corner: o.corner, dx: margin, dy: margin, width: size, height: Math.round(size * o.seal.aspect * 100) / 100 }, sealImageFileId: o.seal.file.id });
  }
  if (o.marks.includes('cross-page') && o.seal?.file) out.push({ kind: 'cross-page', sealImageFileId: o.seal.file.id, width: size });
  if (o.marks.includes('invisible')) out.push({ kind: 'invisible' });
  return out;
}

interface Job {
  id: string;
  index: number;
  item: string;
  done: number;
  total: number;
  cancelling?: boolean;
}

export function BatchSignModal({ open, files: chosen, seals, initialSeal, initialSignature, onClose, onOpen, onFinished }: {
  open: boolean;
  files: StoredFileView[];
  seals: StoredFileView[];
  initialSeal?: SealImage;
  initialSignature?: SealImage;
  onClose(): void;
  /** a signed copy to show in the viewer */
  onOpen(f: StoredFileView): void;
  /** the batch ran (some copies may be new in the store) */
  onFinished(r: Result): void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // the documents as they were when the dialog opened (the list behind it refreshes as copies are added)
  const [files] = useState(chosen);
  const [marks, setMarks] = useState<Mark[]>(['company']);
  const [seal, setSeal] = useState<SealImage | undefined>(initialSeal);
  const [personalSeal, setPersonalSeal] = useState<SealImage | undefined>();
  const [signature, setSignature] = useState<SealImage | undefined>(initialSignature);
  const [page, setPage] = useState<'first' | 'last'>('last');
  const [corner, setCorner] = useState<AnchorCorner>('bottom-right');
  const [sizeMm, setSizeMm] = useState(42);
  const [marginMm, setMarginMm] = useState(25);
  const [choice, setChoice] = useState<CarrierChoice | null>(null);
  const [reason, setReason] = useState(t('documents.sign.defaultReason'));
  const [pades, setPades] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => setSeal((s) => s ?? initialSeal), [initialSeal]);
  useEffect(() => {
    if (!job) return;
    return client.onProgress((e) => {
      if (e.jobId !== job.id) return;
      // the op reports item "n/m name"
      const m = /^(\d+)\/\d+ (.*)$/.exec(e.item ?? '');
      setJob((j) => (j && j.id === e.jobId ? { ...j, done: e.bytesDone, total: e.bytesTotal ?? j.total, ...(m ? { index: Number(m[1]) - 1, item: m[2] } : {}) } : j));
    });
  }, [job?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  // by the words with a handwritten signature alone needs no company seal
  const needsSeal = marks.includes('company') || marks.includes('cross-page') || (marks.includes('by-text') && !signature);
  const placements = batchPlacements({ marks, ...(seal ? { seal } : {}), ...(personalSeal ? { personalSeal } : {}), ...(signature ? { signature } : {}), page, corner, sizeMm, marginMm });
  const ready = !!choice && placements.length > 0 && (!needsSeal || !!seal) && files.length > 0;

  const run = async () => {
    if (!choice || !ready) return;
    const id = newJobId();
    setError(null);
    setJob({ id, index: 0, item: files[0].name, done: 0, total: files[0].size });
    const r = await client['pdf.signBatch']({ fileIds: files.map((f) => f.id), carrier: choice.carrier, placements, ...(reason.trim() ? { reason: reason.trim() } : {}), subfilter: pades ? 'pades' : 'pkcs7', jobId: id });
    setJob(null);
    if (r.ok) {
      setResult(r.value);
      onFinished(r.value);
    } else setError(r.error);
  };
  const cancel = () => {
    if (!job) return onClose();
    setJob({ ...job, cancelling: true });
    void client['jobs.cancel']({ jobId: job.id });
  };

  const byId = new Map(files.map((f) => [f.id, f]));
  const counts = result ? { signed: result.results.filter((r) => r.status === 'signed').length, failed: result.results.filter((r) => r.status === 'failed').length, skipped: result.results.filter((r) => r.status === 'skipped').length } : null;
  const overall = job ? Math.floor((100 * (job.index + (job.total ? job.done / job.total : 0))) / files.length) : 0;

  return (
    <Modal
      open={open}
      width={640}
      title={t('documents.batch.title', { count: files.length })}
      onCancel={cancel}
      destroyOnHidden
      maskClosable={false}
      footer={
        result
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="batch-close">
                {t('documents.batch.close')}
              </Button>,
            ]
          : [
              <Button key="c" onClick={cancel} disabled={job?.cancelling} data-testid="batch-cancel">
                {job ? t('documents.batch.stop') : t('documents.sign.cancel')}
              </Button>,
              <Button key="s" type="primary" disabled={!ready || !!job} loading={!!job} onClick={() => void run()} data-testid="batch-confirm">
                {t('documents.batch.confirm', { count: files.length })}
              </Button>,
            ]
      }
    >
      <div className="bs-stack" data-testid="batch-modal">
        {result && counts ? (
          <>
            <Typography.Paragraph data-testid="batch-summary">
              {result.cancelled ? t('documents.batch.summaryCancelled', counts) : t('documents.batch.summary', counts)}
            </Typography.Paragraph>
            <ul className="bs-batch-results" data-testid="batch-results">
              {result.results.map((r) => {
                const f = byId.get(r.fileId);
                return (
                  <li key={r.fileId} data-testid="batch-result" data-status={r.status}>
                    {r.status === 'signed' ? <CheckCircleFilled className="bs-batch-ok" /> : r.status === 'failed' ? <CloseCircleFilled className="bs-batch-failed" /> : <MinusCircleFilled className="bs-batch-skipped" />}
                    <span className="bs-batch-name">
                      <Typography.Text ellipsis={{ tooltip: f?.name }}>{f?.name ?? r.fileId}</Typography.Text>
                      {r.error && <Typography.Text type={r.status === 'failed' ? 'danger' : 'secondary'} className="bs-batch-error" data-testid="batch-result-error">{errorText(r.error as IpcError)}</Typography.Text>}
                      {r.notes?.map((n, i) => (
                        <Typography.Text key={i} type="secondary" className="bs-batch-error" data-testid="batch-result-note">
                          {n.code in NOTE_CODES ? t(`documents.batch.note.${n.code as keyof typeof NOTE_CODES}`) : errorText({ code: n.code, message: '' } as IpcError)}
                        </Typography.Text>
                      ))}
                    </span>
                    <Tag color={r.status === 'signed' ? 'success' : r.status === 'failed' ? 'error' : 'default'}>{t(`documents.batch.status.${r.status}`)}</Tag>
                    {r.output && (
                      <Button size="small" onClick={() => onOpen(r.output!)} data-testid="batch-result-open">
                        {t('documents.batch.open')}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('documents.batch.lead', { count: files.length })}</Typography.Paragraph>
            <ul className="bs-batch-files" data-testid="batch-files">
              {files.map((f, i) => (
                <li key={f.id} className={job && job.index === i ? 'bs-batch-current' : ''}>
                  <Typography.Text ellipsis={{ tooltip: f.name }}>{f.name}</Typography.Text>
                  <Typography.Text type="secondary">{formatBytes(f.size)}</Typography.Text>
                </li>
              ))}
            </ul>
            <fieldset className="bs-batch-marks" disabled={!!job}>
              <span className="bs-field-label">{t('documents.batch.marks')}</span>
              <Checkbox.Group
                value={marks}
                onChange={(v) => setMarks(v as Mark[])}
                options={(['by-text', 'company', 'cross-page', 'invisible'] as const).map((k) => ({ value: k, label: <span data-testid={`batch-mark-${k}`}>{k === 'by-text' ? t('documents.batch.byText') : t(`documents.kinds.${k}`)}</span> }))}
              />
              {needsSeal && (
                <SealField seals={seals} value={seal} onChange={setSeal} testId="batch-seal-image" />
              )}
              {marks.includes('by-text') && (
                <SealField personal seals={seals} value={personalSeal} onChange={setPersonalSeal} testId="batch-personal-image" />
              )}
              {marks.includes('by-text') && (
                <label className="bs-field">
                  <span className="bs-field-label">{t('signature.docs.label')}</span>
                  <HandSignaturePicker {...(signature ? { value: signature } : {})} onChange={setSignature} testId="batch-signature" />
                </label>
              )}
              {marks.includes('company') && (
                <Space wrap align="end">
                  <label className="bs-field">
                    <span className="bs-field-label">{t('documents.batch.page')}</span>
                    <Radio.Group value={page} onChange={(e) => setPage(e.target.value as 'first' | 'last')} optionType="button" options={[{ value: 'first', label: t('documents.batch.pageFirst') }, { value: 'last', label: t('documents.batch.pageLast') }]} data-testid="batch-page" />
                  </label>
                  <label className="bs-field">
                    <span className="bs-field-label">{t('documents.batch.corner')}</span>
                    <Select value={corner} onChange={setCorner} options={ANCHOR_CORNERS.map((c) => ({ value: c, label: t(`documents.batch.corners.${c}`) }))} style={{ width: 112 }} data-testid="batch-corner" />
                  </label>
                  <label className="bs-field">
                    <span className="bs-field-label">{t('documents.batch.margin')}</span>
                    <InputNumber min={0} max={200} value={marginMm} onChange={(v) => setMarginMm(v ?? 0)} suffix="mm" style={{ width: 96 }} data-testid="batch-margin" />
                  </label>
                </Space>
              )}
              {needsSeal && (
                <label className="bs-field">
                  <span className="bs-field-label">{t('documents.batch.size')}</span>
                  <InputNumber min={10} max={120} value={sizeMm} onChange={(v) => setSizeMm(v ?? 42)} suffix="mm" style={{ width: 96 }} data-testid="batch-size" />
                </label>
              )}
              {needsSeal && !seal && <Typography.Text type="warning">{t('documents.seals.needImage')}</Typography.Text>}
              {placements.length === 0 && !needsSeal && <Typography.Text type="warning">{t('documents.batch.noMarks')}</Typography.Text>}
            </fieldset>
            <div hidden={!!job}>
              <CarrierPicker onChange={setChoice} />
            </div>
            <label className="bs-field">
              <span className="bs-field-label">{t('documents.sign.reason')}</span>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} disabled={!!job} data-testid="batch-reason" />
            </label>
            <Checkbox checked={pades} onChange={(e) => setPades(e.target.checked)} disabled={!!job}>
              {t('documents.sign.pades')}
            </Checkbox>
            {job && (
              <div role="status" aria-live="polite" className="bs-stack" data-testid="batch-progress">
                <Typography.Text data-testid="batch-progress-file">
                  {job.cancelling ? t('documents.batch.cancelling') : t('documents.batch.progress', { n: job.index + 1, m: files.length, name: job.item })}
                </Typography.Text>
                <Progress percent={job.total ? Math.floor((100 * job.done) / job.total) : 0} size="small" format={() => `${formatBytes(job.done)} / ${formatBytes(job.total)}`} />
                <Progress percent={overall} size="small" showInfo={false} strokeColor="#8aa4c8" aria-label={t('documents.batch.overall')} />
              </div>
            )}
            {error && <ErrorAlert title={t('documents.batch.failed')} error={error} />}
          </>
        )}
      </div>
    </Modal>
  );
}
