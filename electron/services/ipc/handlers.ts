// Runs in Node (Electron main or the Node host; never imports `electron`). The implementation of
// every IPC operation, joined from each domain's electron/services/ipc/<domain>.ts. Hosts pass what
// differs between them (host kind, versions, where user data lives, how token workers start) as `HostInfo`.
import type { Handlers, JobRegistry } from './dispatch';
import type { HostInfo } from './host-info';
import { filesHandlers } from './files';
import { pdfHandlers } from './pdf';
import { ofdHandlers } from './ofd';
import { sealsHandlers } from './seals';
import { bidHandlers } from './bid';
import { docsHandlers } from './docs';
import { platformsHandlers } from './platforms';
import { uploadHandlers } from './upload';
import { workspaceHandlers } from './workspace';
import { appHandlers } from './app';
import { keysHandlers } from './keys';
import { recoverAtStart } from '../app/startup-recovery';

export function createHandlers(hostInfo: HostInfo, jobs: JobRegistry): Handlers {
  // the app and the host start like the CLI: finish or remove what a killed process left (docs/CRASH-CONSISTENCY.md)
  void recoverAtStart(hostInfo.dataDir).catch(() => {});
  // keys first: it restricts which drivers the token service may load before any other domain holds it
  const keys = keysHandlers(hostInfo, jobs);
  return {
    ...appHandlers(hostInfo, jobs),
    ...filesHandlers(hostInfo, jobs),
    ...pdfHandlers(hostInfo, jobs),
    ...ofdHandlers(hostInfo, jobs),
    ...sealsHandlers(hostInfo, jobs),
    ...bidHandlers(hostInfo, jobs),
    ...docsHandlers(hostInfo, jobs),
    ...platformsHandlers(hostInfo, jobs),
    ...uploadHandlers(hostInfo, jobs),
    ...workspaceHandlers(hostInfo, jobs),
    ...keys,
  };
}

export type { HostInfo } from './host-info';
