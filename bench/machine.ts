// Runs in Node (benchmarks only). Which processor the figures were measured on. `os.cpus()` gives only
// the marketing name, and a cloud VM says "AMD EPYC" for every generation; but the ratios depend on the
// core: the same build measured SM3 at 1.14–1.22× OpenSSL on a Zen 4 VM and 0.89× in the first run on
// the Zen 5 VM that replaced it under the same name. So each run records the vendor, family, model and
// stepping (/proc/cpuinfo), and "vs last" compares only figures measured on the same processor.
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
