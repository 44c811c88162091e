// Runs in the renderer. The frame of a signing dialog (PDF or OFD): while its job runs, 取消 and the close
// button cancel the job (the service then writes nothing); otherwise they close the dialog.
import type { ReactNode } from 'react';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';

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
