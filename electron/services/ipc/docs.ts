// Runs in Node (Electron main or the Node host). IPC handlers: documents generated from the vault: bid letter, authorisation letter (issue #7).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { DocsOperation } from '../../../shared/ipc/ops/docs';

export function docsHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<DocsOperation> {
  return {};
}
