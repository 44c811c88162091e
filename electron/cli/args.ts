// Runs in Node. Reading a parsed command line: one string, a repeated option, and the options a command
// cannot run without (a usage error names the option, as every command's help does).
import type { CommandContext } from './framework';
import { UsageError } from './framework';

export const str = (ctx: CommandContext, k: string): string | undefined => ctx.values[k] as string | undefined;

export const list = (ctx: CommandContext, k: string): string[] => {
  const v = ctx.values[k];
  return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
};

/** `-o OUT`, which the command needs. */
export function requireOut(ctx: CommandContext, what = 'OUT'): string {
  const out = str(ctx, 'out');
  if (!out) throw new UsageError(`-o ${what} is required`);
  return out;
}

/** A repeated option given at least once (`--recipient CERT…`). */
export function requireList(ctx: CommandContext, k: string, what: string): string[] {
  const v = list(ctx, k);
  if (v.length === 0) throw new UsageError(`give at least one --${k} ${what}`);
  return v;
}
