// Runs in Node. Where BidSeal keeps the user's data when not run by Electron (which uses
// app.getPath('userData')): BIDSEAL_DATA_DIR, else the platform's usual per-user folder.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env = process.env, platform = process.platform): string {
  if (env.BIDSEAL_DATA_DIR) return path.resolve(env.BIDSEAL_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'BidSeal');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'BidSeal');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'BidSeal');
}
