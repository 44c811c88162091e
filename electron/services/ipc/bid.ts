// Runs in Node (Electron main or the Node host). IPC handlers: sealed bids: pre-flight, seal, inspect, open, generation history (issue #6).
import type { DomainHandlers, HostInfo } from '../host-info';
import type { JobRegistry } from '../dispatch';
import type { BidOperation } from '../../../shared/ipc/ops/bid';

export function bidHandlers(_host: HostInfo, _jobs: JobRegistry): DomainHandlers<BidOperation> {
  return {};
}
