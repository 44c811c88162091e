// Runs in Node (Electron main or the Node host). IPC handlers: PDF signing, seals and verification (issue #5).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { PdfOperation } from '../../../shared/ipc/ops/pdf';

export function pdfHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<PdfOperation> {
  return {};
}
