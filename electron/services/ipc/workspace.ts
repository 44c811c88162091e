// Runs in Node (Electron main or the Node host). IPC handlers: bid projects, history and diagnostics (issue #9).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { WorkspaceOperation } from '../../../shared/ipc/ops/workspace';

export function workspaceHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<WorkspaceOperation> {
  return {};
}
