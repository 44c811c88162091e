// Runs in Node (tests). A software SKF USB key (test/soft-skf, built once per source hash into .tmp/) holding
// the bid fixtures' SM2 signing and encryption keys: the SKF counterpart of ./softhsm.ts. Tests skip with the
// install command when the C compiler, OpenSSL or its headers are missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSoftSkf, initSoftSkf, setSoftSkfPresent } from '../../scripts/soft-skf.mjs';
import type { BidFixtures } from '../unit/bid/fixtures';

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export const softSkfSkip: string | false = (() => {
  const missing = [!has('cc', ['--version']) && 'cc', !has('openssl', ['version']) && 'openssl', process.platform === 'linux' && !existsSync('/usr/include/openssl/evp.h') && 'openssl headers'].filter(Boolean);
  return missing.length ? `missing ${missing.join(', ')}: apt-get install -y build-essential libssl-dev openssl` : false;
})();
if (softSkfSkip) console.warn(`[skip] soft SKF tests: ${softSkfSkip}`);

export const SKF_PIN = '12345678';

export interface SoftSkf {
  dir: string;
  lib: string;
  /** environment of the SKF worker (SOFTSKF_DIR) */
  env: NodeJS.ProcessEnv;
  /** skf: URI of the container */
  uri: string;
  unplug(): void;
  plug(): void;
  /** "crash FUNC" / "hang FUNC", or null to clear */
  fault(f: string | null): void;
  /** every library call waits ms (0 = off) */
  slow(ms: number): void;
}

/** A device in `<fx.dir>/<name>` with the fixtures' bidder keys in container "BidKey". */
export function makeSoftSkf(fx: BidFixtures, name = 'skf', o: { pin?: string; maxRetries?: number } = {}): SoftSkf {
  const lib = buildSoftSkf();
  const dir = path.join(fx.dir, name);
  mkdirSync(dir, { recursive: true });
  initSoftSkf({ dir, pin: o.pin ?? SKF_PIN, container: 'BidKey', signKey: fx.key('sign'), signCert: fx.cert('sign'), encKey: fx.key('bidderEnc'), encCert: fx.cert('bidderEnc'), device: 'SoftKey-1', maxRetries: o.maxRetries ?? 6 });
  return {
    dir,
    lib,
    env: { ...process.env, SOFTSKF_DIR: dir },
    uri: `skf:module=${lib};container=BidKey`,
    unplug: () => setSoftSkfPresent(dir, false),
    plug: () => setSoftSkfPresent(dir, true),
    slow: (ms) => (ms ? writeFileSync(path.join(dir, 'slow'), String(ms)) : rmSync(path.join(dir, 'slow'), { force: true })),
    fault: (f) => (f ? writeFileSync(path.join(dir, 'fault'), f) : rmSync(path.join(dir, 'fault'), { force: true })),
  };
}
