// Runs in Node. `bidseal token modules|list`: find PKCS#11 modules and show the tokens, their PIN
// state and the certificates on them, with the pkcs11: URIs other commands take.
import type { Command } from '../framework';
import { UsageError } from '../framework';
import { TokenService } from '../../services/tokens';

const modules: Command = {
  name: 'modules',
  summary: 'List PKCS#11 modules found in the usual install paths',
  usage: 'token modules [--json]',
  json: true,
  async run(ctx) {
    const list = new TokenService().modules();
    if (ctx.json) return ctx.printJson({ modules: list });
    if (!list.length) ctx.print('no PKCS#11 module found; give the vendor driver with --module PATH');
    for (const m of list) ctx.print(`${m.label.padEnd(16)} ${m.path}`);
  },
};

const PIN_STATE: Record<string, string> = { ok: 'PIN ok', 'count-low': 'PIN: a wrong PIN was entered before', 'final-try': 'PIN: FINAL TRY before the token locks', locked: 'PIN LOCKED', 'to-be-changed': 'PIN must be changed' };

const list: Command = {
  name: 'list',
  summary: 'List tokens and their certificates on a PKCS#11 module',
  usage: 'token list --module PATH [--json]',
  details: ['--module PATH     the vendor PKCS#11 module (.so, .dll, .dylib)'],
  options: { module: { type: 'string' } },
  json: true,
  async run(ctx) {
    const mod = ctx.values.module as string | undefined;
    if (!mod) throw new UsageError('--module is required (see: bidseal token modules)');
    const svc = new TokenService();
    try {
      const slots = await svc.slots(mod);
      if (ctx.json) return ctx.printJson({ slots: slots.map((s) => ({ ...s, certificates: s.certificates.map(({ certificate: { der: _der, ...c }, ...rest }) => ({ ...rest, certificate: c })) })) });
      if (!slots.length) ctx.print('no token present');
      for (const s of slots) {
        ctx.print(`slot ${s.slotId}: ${s.token.label} (${s.token.manufacturer} ${s.token.model}, serial ${s.token.serial}) — ${PIN_STATE[s.token.pinState] ?? s.token.pinState}${s.error ? ` — unreadable: ${s.error}` : ''}`);
        for (const c of s.certificates) ctx.print(`  ${c.certificate.commonName || c.label}  [${c.certificate.role}, until ${c.certificate.notAfter.slice(0, 10)}]\n    ${c.uri}`);
      }
    } finally {
      await svc.close();
    }
  },
};

export const tokenCommand: Command = {
  name: 'token',
  summary: 'USB keys and other PKCS#11 tokens',
  usage: 'token <modules|list> [options]',
  subcommands: [modules, list],
};
