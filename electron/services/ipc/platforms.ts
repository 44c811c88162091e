// Runs in Node (Electron main or the Node host). IPC handlers: the platform directory and usage statistics (issue #8).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { PlatformsOperation } from '../../../shared/ipc/ops/platforms';

export function platformsHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<PlatformsOperation> {
  return {};
}
