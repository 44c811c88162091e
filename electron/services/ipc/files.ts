// Runs in Node (Electron main or the Node host). IPC handlers: the document store: import (chunked upload), list, read ranges, export.
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { FilesOperation } from '../../../shared/ipc/ops/files';

export function filesHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<FilesOperation> {
  return {};
}
