// Runs in Node (benchmarks only). Which processor the figures were measured on. `os.cpus()` gives only
// the marketing name, and a cloud VM says "AMD EPYC" for every generation; but the ratios depend on the
// core: the same build measured SM3 at 1.14–1.22× OpenSSL on a Zen 4 VM and 0.89× in the first run on
// the Zen 5 VM that replaced it under the same name. So each run records the vendor, family, model and
// stepping (/proc/cpuinfo), and "vs last" compares only figures measured on the same processor.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Machine {
  /** e.g. 'AMD EPYC, family 26 model 2 stepping 1 (Zen 5)' */
  cpu: string;
  /** what must match for two runs' ratios to be compared: vendor, family, model */
  key: string;
}

/** AMD's core generation from family and model (the public family/model tables); '' when not known */
function amdCore(family: number, model: number): string {
  if (family === 0x17) return model >= 0x30 ? 'Zen 2' : 'Zen / Zen+';
  if (family === 0x19) return (model >= 0x10 && model <= 0x1f) || (model >= 0x60 && model <= 0x7f) || (model >= 0xa0 && model <= 0xaf) ? 'Zen 4' : 'Zen 3';
  if (family === 0x1a) return 'Zen 5';
  return '';
}

/** The processor of this machine, from /proc/cpuinfo where there is one, else the name Node reports. */
export function machine(): Machine {
  const name = cpus()[0]?.model?.trim() || 'unknown processor';
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return { cpu: name, key: name };
  }
  const field = (f: string): string => new RegExp(`^${f}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
  const vendor = field('vendor_id');
  const family = Number(field('cpu family'));
  const model = Number(field('model'));
  const stepping = field('stepping');
  if (!Number.isInteger(family) || !Number.isInteger(model)) return { cpu: name, key: name };
  const core = vendor === 'AuthenticAMD' ? amdCore(family, model) : '';
  return {
    cpu: `${name}, family ${family} model ${model} stepping ${stepping}${core ? ` (${core})` : ''}`,
    key: `${vendor} ${family}/${model}`,
  };
}

/**
 * OpenSSL's SM3 on each CPU (MB/s, one second each, in a process pinned to it); undefined without taskset
 * or openssl. A VM's CPUs are not always alike: on 2026-12-06 one of this VM's two CPUs ran at 0.4–0.7 of
 * the other's speed for spells of minutes, first CPU 0 and later CPU 1 (the host's load on the core under
 * it; nothing ran in the VM). Single-core figures run both sides on one CPU, interleaved, and stay
 * comparable; figures that use both cores (sealing, opening) do not: the baseline runs on one CPU, ours
 * on both. (A bare integer loop in JS did not feel it: the spells slow memory and SIMD work.)
 */
export function cpuSm3MBps(): number[] | undefined {
  const out: number[] = [];
  for (let c = 0; c < cpus().length; c++) {
    const r = spawnSync('taskset', ['-c', String(c), 'openssl', 'speed', '-seconds', '1', '-bytes', '16384', '-evp', 'sm3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const k = Number(/^sm3\s+([\d.]+)k/im.exec(r.stdout ?? '')?.[1]);
    if (r.status !== 0 || !(k > 0)) return undefined;
    out.push(k / 1000);
  }
  return out;
}

/** the slowest CPU's speed over the fastest's (1 when they are alike) */
export const cpuEvenness = (mbps: readonly number[]): number => Math.min(...mbps) / Math.max(...mbps);
