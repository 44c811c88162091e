// Runs in the renderer. Signing a document: pick the identity (CarrierPicker: key file + password or USB
// key + PIN, entered once for every seal), reason and format, then pdf.sign with progress and cancel.
// The result is a new document in the store; the original stays as it was.
import { useEffect, useState } from 'react';
import { Checkbox, Input, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { client, newJobId } from '../../ipc/client';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { CarrierPicker, type CarrierChoice } from '../../components/CarrierPicker';
import type { StoredFileView } from '../../files/store';
import { toRequests, type Placement, type PlacementKind } from './model';
import { PLACEMENT_KINDS } from '../../../../shared/ipc/specs/pdf';
import { SignFailures, SignJobModal, useSealRefusal } from './SignJobModal';

const KINDS = new Set<string>(PLACEMENT_KINDS);

export function SignModal({ open, file, placements, onClose, onSigned }: {
  open: boolean;
  file: StoredFileView;
  placements: Placement[];
  onClose(): void;
  onSigned(r: Response<'pdf.sign'>): void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<CarrierChoice | null>(null);
  const [reason, setReason] = useState(t('documents.sign.defaultReason'));
  const [pades, setPades] = useState(false);
  const [job, setJob] = useState<{ id: string; done: number; total: number; item?: string } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    if (!job) return;
    return client.onProgress((e) => {
      if (e.jobId === job.id) setJob((j) => (j && j.id === e.jobId ? { ...j, done: e.bytesDone, total: e.bytesTotal ?? j.total, ...(e.item ? { item: e.item } : {}) } : j));
    });
  }, [job?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const requests = toRequests(placements);
  // An electronic seal that may not sign with the chosen certificate (expired, not yet valid, not on its list) is
  // refused here, before the PIN is used; pdf.sign checks again before it signs anything.
  const esealIds = [...new Set(placements.flatMap((p) => (p.seal?.eseal && p.seal.file ? [p.seal.file.id] : [])))];
  const refusal = useSealRefusal(choice?.certificate, esealIds);
  const sign = async () => {
    if (!choice) return;
    const id = newJobId();
    setError(null);
    setJob({ id, done: 0, total: file.size * requests.length });
    const r = await client['pdf.sign']({ fileId: file.id, carrier: choice.carrier, placements: requests, ...(reason.trim() ? { reason: reason.trim() } : {}), subfilter: pades ? 'pades' : 'pkcs7', jobId: id });
    setJob(null);
    if (r.ok) onSigned(r.value);
    else setError(r.error);
  };

  return (
    <SignJobModal open={open} title={t('documents.sign.title', { count: requests.length })} jobId={job?.id} ready={!!choice && !refusal} onSign={() => void sign()} onClose={onClose} testId="sign">
      <div className="bs-stack" data-testid="sign-modal">
        <Typography.Paragraph type="secondary">{t('documents.sign.lead', { name: file.name, count: requests.length })}</Typography.Paragraph>
        <CarrierPicker onChange={setChoice} />
        <label className="bs-field">
          <span className="bs-field-label">{t('documents.sign.reason')}</span>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} data-testid="sign-reason" />
        </label>
        <Checkbox checked={pades} onChange={(e) => setPades(e.target.checked)} data-testid="sign-pades">
          {t('documents.sign.pades')}
        </Checkbox>
        {job && (
          <div role="status" aria-live="polite">
            <Typography.Text type="secondary">{t('documents.sign.progress', { item: KINDS.has(job.item ?? '') ? t(`documents.kinds.${job.item as PlacementKind}`) : '' })}</Typography.Text>
            <Progress percent={job.total ? Math.floor((100 * job.done) / job.total) : 0} size="small" />
          </div>
        )}
        <SignFailures refusal={refusal} error={error} />
      </div>
    </SignJobModal>
  );
}
