// Runs in Node (Electron main or the Node host). IPC handlers of the app itself: version and host, the
// doctor's report, cancelling a long job.
import type { AppOperation } from '../../../shared/ipc/ops/app';
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import { doctor } from '../app/doctor';
import { APP_NAME, APP_VERSION } from '../app/version';

export function appHandlers(hostInfo: HostInfo, jobs: JobRegistry): DomainHandlers<AppOperation> {
  return {
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, host: hostInfo.host, platform: process.platform, arch: process.arch, versions: hostInfo.versions }),
    'app.doctor': async () => doctor(),
    'jobs.cancel': async (req) => ({ cancelled: jobs.cancel(req.jobId) }),
  };
}
