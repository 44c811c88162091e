// Runs in the renderer. The frame of a signing dialog (PDF or OFD): while its job runs, 取消 and the close
// button cancel the job (the service then writes nothing); otherwise they close the dialog. Also the check of
// the electronic seals against the chosen certificate and the dialog's two failures (refused, failed).
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import type { IpcError } from '../../../../shared/ipc/contract';
import { ErrorAlert } from '../../components/ErrorAlert';

export interface SignJobModalProps {
  open?: boolean;
  title: ReactNode;
  /** the running job, if any */
  jobId: string | undefined;
  /** whether 签章 may be pressed (a key chosen, nothing refused) */
  ready: boolean;
  onSign(): void;
  onClose(): void;
  /** test ids `${testId}-cancel` and `${testId}-confirm` */
  testId: string;
  children: ReactNode;
}

export function SignJobModal({ open = true, title, jobId, ready, onSign, onClose, testId, children }: SignJobModalProps) {
  const { t } = useTranslation();
  const cancel = () => (jobId ? void client['jobs.cancel']({ jobId }) : onClose());
  return (
    <Modal
      open={open}
      title={title}
      onCancel={cancel}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={cancel} data-testid={`${testId}-cancel`}>
          {t('documents.sign.cancel')}
        </Button>,
        <Button key="s" type="primary" disabled={!ready || !!jobId} loading={!!jobId} onClick={onSign} data-testid={`${testId}-confirm`}>
          {t('documents.sign.confirm')}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
}

/**
 * Why the certificate may not sign with one of these electronic seals (expired, not yet valid, not on the
 * seal's list), or null: asked before the PIN is used; the signing service checks again before it signs.
 */
export function useSealRefusal(certificate: string | undefined, sealFileIds: string[]): IpcError | null {
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const key = sealFileIds.join();
  useEffect(() => {
    setRefusal(null);
    if (!certificate || sealFileIds.length === 0) return;
    let live = true;
    void (async () => {
      for (const fileId of sealFileIds) {
        const r = await client['seals.check']({ fileId, certificate });
        const e = r.ok ? r.value.error : r.error;
        if (e && live) return setRefusal({ code: e.code as IpcError['code'], message: e.message });
      }
    })();
    return () => {
      live = false;
    };
  }, [certificate, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return refusal;
}

/** A signing dialog's failures: the seal refused before signing, then the signing itself. */
export function SignFailures({ refusal, error }: { refusal: IpcError | null; error: IpcError | null }) {
  const { t } = useTranslation();
  return (
    <>
      {refusal && (
        <div data-testid="sign-seal-refused" data-code={refusal.code}>
          <ErrorAlert title={t('documents.sign.sealRefused')} error={refusal} />
        </div>
      )}
      {error && <ErrorAlert title={t('documents.sign.failed')} error={error} />}
    </>
  );
}
