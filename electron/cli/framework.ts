// Runs in Node. A small subcommand framework for `bidseal`: a tree of commands parsed with
// node:util parseArgs (strict: unknown options are usage errors), `--help` on every command,
// `--json` on every command that reports, exit codes 0 ok / 1 failed / 2 usage, errors as
// `CODE: message`. Commands are thin: they call services and shared/ code and print.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BidSealError, describeError, isBidSealError, type ErrorCode } from '../../shared/errors';
import { HELP_LABELS, SUMMARY_ZH } from './help-zh';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & AsyncIterable<Uint8Array>;
  lang: 'zh' | 'en';
}

export interface CommandContext {
  io: CliIO;
  json: boolean;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** print a line (human output) */
  print(line: string): void;
  /** print a JSON value (machine output) */
  printJson(value: unknown): void;
}

export interface Command {
  name: string;
  summary: string;
  /** usage line(s) after `bidseal ` */
  usage: string;
  /** option help lines */
  details?: string[];
  options?: OptionSpec;
  positionals?: { min?: number; max?: number };
  /** whether --json is accepted (every command that reports) */
  json?: boolean;
  run?(ctx: CommandContext): Promise<number | void>;
  subcommands?: Command[];
  /** the rest of the command (options, usage, run, subcommands), loaded when it is run or its help is asked for */
  load?(): Promise<CommandBody>;
}

/** A command without the name and summary that its parent's list gives it. */
export type CommandBody = Omit<Command, 'name' | 'summary' | 'load'>;

/**
 * A command listed by name and summary whose module is imported only when it is used, so that
 * `bidseal hash` does not load the PDF, OFD and sealing code: each command's module takes 0.1–1.2 s to load.
 */
export const lazyCommand = (name: string, summary: string, load: () => Promise<CommandBody>): Command => ({ name, summary, usage: name, load });

/** The whole command: a lazy one's module loaded, with the name and summary its list gave it. */
export async function loadCommand(c: Command): Promise<Command> {
  return c.load ? { ...(await c.load()), name: c.name, summary: c.summary } : c;
}

export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const write = (s: NodeJS.WritableStream, text: string) => s.write(text.endsWith('\n') ? text : text + '\n');

export function helpText(cmd: Command, path: string[], lang: 'zh' | 'en' = 'en'): string {
  const L = HELP_LABELS[lang];
  const summary = (c: Command, p: string[]) => (lang === 'zh' ? SUMMARY_ZH[p.join(' ')] : undefined) ?? c.summary;
  const lines = [summary(cmd, path), '', L.usage, ...cmd.usage.split('\n').map((u) => `  bidseal ${u}`)];
  if (cmd.subcommands?.length) {
    lines.push('', L.commands);
    const w = Math.max(...cmd.subcommands.map((c) => c.name.length));
    for (const c of cmd.subcommands) lines.push(`  ${c.name.padEnd(w)}  ${summary(c, [...path, c.name])}`);
    lines.push('', L.more(`${[...path, '<command>'].join(' ')} --help`));
  }
  const opts = [...(cmd.details ?? [])];
  if (cmd.json) opts.push(L.json);
  opts.push(L.help);
  lines.push('', L.options, ...opts.map((o) => `  ${o}`));
  return lines.join('\n');
}

function suggest(word: string, names: string[]): string | undefined {
  const d = (a: string, b: string) => {
    const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
    for (let j = 1; j <= b.length; j++) m[0][j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) m[i][j] = Math.min(m[i - 1][j] + 1, m[i][j - 1] + 1, m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return m[a.length][b.length];
  };
  const best = names.map((n) => [n, d(word, n)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/** Runs the command tree on argv; returns the exit code. */
export async function runCommand(root: Command, argv: string[], io: CliIO, version: string): Promise<number> {
  let cmd = root;
  const path: string[] = [];
  let args = argv;
  const wantsJson = argv.includes('--json');
  try {
    // Walk down subcommands while the next word names one.
    while (cmd.subcommands?.length) {
      const [first, ...rest] = args;
      if (first === undefined || first === '-h' || first === '--help') {
        write(io.stdout, helpText(cmd, path, io.lang));
        return first === undefined && cmd !== root ? EXIT_USAGE : EXIT_OK;
      }
      if (cmd === root && (first === '-V' || first === '--version')) {
        if (wantsJson) write(io.stdout, JSON.stringify({ name: 'bidseal', version }));
        else write(io.stdout, `bidseal ${version}`);
        return EXIT_OK;
      }
      if (first.startsWith('-') && cmd === root && first === '--json') {
        args = rest;
        continue;
      }
      const next = cmd.subcommands.find((c) => c.name === first);
      if (!next) {
        const s = suggest(first, cmd.subcommands.map((c) => c.name));
        throw new UsageError(`unknown command '${[...path, first].join(' ')}'`, s ? `did you mean '${[...path, s].join(' ')}'?` : `run 'bidseal ${[...path, '--help'].join(' ')}'`);
      }
      cmd = await loadCommand(next);
      path.push(first);
      args = rest;
    }
    const options: OptionSpec = { ...(cmd.options ?? {}), help: { type: 'boolean', short: 'h' }, ...(cmd.json ? { json: { type: 'boolean' } } : {}) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message.split('\n')[0], `run 'bidseal ${path.join(' ')} --help'`);
    }
    const values = parsed.values as CommandContext['values'];
    if (values.help) {
      write(io.stdout, helpText(cmd, path, io.lang));
      return EXIT_OK;
    }
    const { min = 0, max = 0 } = cmd.positionals ?? {};
    if (parsed.positionals.length < min) throw new UsageError(`missing argument`, `usage: bidseal ${cmd.usage.split('\n')[0]}`);
    if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`, `usage: bidseal ${cmd.usage.split('\n')[0]}`);
    const json = Boolean(values.json);
    const ctx: CommandContext = {
      io,
      json,
      values,
      positionals: parsed.positionals,
      print: (line) => void write(io.stdout, line),
      printJson: (v) => void write(io.stdout, JSON.stringify(v, null, 2)),
    };
    const code = await cmd.run!(ctx);
    return typeof code === 'number' ? code : EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) {
      if (wantsJson) write(io.stdout, JSON.stringify({ ok: false, error: { code: 'E_USAGE', message: e.message, hint: e.hint } }));
      write(io.stderr, `E_USAGE: ${e.message}${e.hint ? `\n  ${e.hint}` : ''}`);
      return EXIT_USAGE;
    }
    const err = isBidSealError(e) ? e : new BidSealError('E_INTERNAL', e instanceof Error ? e.message : String(e));
    if (wantsJson) write(io.stdout, JSON.stringify({ ok: false, error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }));
    const detail = err.details && typeof err.details.path === 'string' ? ` [${err.details.path}]` : '';
    write(io.stderr, `${err.code}: ${describeError(err.code as ErrorCode, io.lang, err.message)}${detail}`);
    return EXIT_FAILED;
  }
}

/** Language for messages: BIDSEAL_LANG, then LANG/LC_ALL; Chinese locales get Chinese. */
export function detectLang(env = process.env): 'zh' | 'en' {
  const v = env.BIDSEAL_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return v.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
