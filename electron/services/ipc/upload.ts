// Runs in Node (Electron main or the Node host). IPC handlers: uploads, outbox and receipts (issue #8).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { UploadOperation } from '../../../shared/ipc/ops/upload';

export function uploadHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<UploadOperation> {
  return {};
}
