// Runs in Node (Electron main or the Node host). IPC handlers: the platform directory and usage statistics.
import type { DomainHandlers, HostInfo } from './host-info';
import type { JobRegistry } from './dispatch';
import type { PlatformsOperation } from '../../../shared/ipc/ops/platforms';
import { addCustomPlatform, getPlatform, importBundle, loadDirectory, removeCustomPlatform } from '../platforms/directory';
import { exportStatsToStore, monthlyStats } from '../platforms/usage-stats';
import { fromB64 } from '../pki/certificates';

export function platformsHandlers(host: HostInfo, _jobs: JobRegistry): DomainHandlers<PlatformsOperation> {
  const { dataDir } = host;
  return {
    'platforms.list': async () => {
      const d = await loadDirectory(dataDir);
      return { platforms: d.platforms, directory: d.status };
    },
    'platforms.get': async (req) => getPlatform(dataDir, req.id),
    'platforms.importBundle': async (req) => importBundle(dataDir, fromB64(req.data), fromB64(req.signature)),
    'platforms.addCustom': async (req) => addCustomPlatform(dataDir, req),
    'platforms.removeCustom': async (req) => ({ removed: await removeCustomPlatform(dataDir, req.id) }),
    'stats.monthly': async (req) => ({ rows: await monthlyStats(dataDir, req) }),
    'stats.export': async (req) => exportStatsToStore(dataDir, req.format, { ...(req.month ? { month: req.month } : {}), lang: req.lang }),
  };
}
