// Runs in Node (Electron main or the Node host; never imports `electron`). The implementation of
// every IPC operation. Hosts pass what differs between them (host kind, versions) as `HostInfo`.
import type { Handlers } from './dispatch';
import type { JobRegistry } from './dispatch';
import { doctor } from './doctor';
import { hashFile } from './file-hash';
import { APP_NAME, APP_VERSION } from './app-version';

export interface HostInfo {
  host: 'electron' | 'node';
  versions: { node: string; electron?: string; chrome?: string };
}

export function createHandlers(hostInfo: HostInfo, jobs: JobRegistry): Handlers {
  return {
    'app.info': async () => ({ name: APP_NAME, version: APP_VERSION, host: hostInfo.host, platform: process.platform, arch: process.arch, versions: hostInfo.versions }),
    'app.doctor': async () => doctor(),
    'files.hash': async (req, ctx) => {
      const files = [];
      for (const p of req.paths) {
        ctx.progress({ phase: 'hash', bytesDone: 0, item: p });
        const { size, hex } = await hashFile(p, req.alg, (done, total) => ctx.progress({ phase: 'hash', bytesDone: done, bytesTotal: total, item: p }), ctx.signal);
        files.push({ path: p, size, alg: req.alg, hex });
      }
      return { files };
    },
    'jobs.cancel': async (req) => ({ cancelled: jobs.cancel(req.jobId) }),
  };
}
