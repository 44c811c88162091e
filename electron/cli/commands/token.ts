// Runs in Node. `bidseal token modules|list`: find PKCS#11 modules and show the tokens, their PIN
// state and the certificates on them, with the pkcs11: URIs other commands take.
import type { Command, CommandBody } from '../framework';
import { UsageError } from '../framework';
import { TokenService } from '../../services/keys/tokens';
import { SkfClient } from '../../services/keys/skf/client';
import { discoverSkfLibraries } from '../../services/keys/skf/discovery';
import { skfLibraryFor } from '../../services/keys/skf/open';
import { formatSkfUri } from '../../services/keys/skf/uri';
import { parseCertificate } from '../../../shared/pki/certificate';
import type { CommandContext } from '../framework';

const modules: Command = {
  name: 'modules',
  summary: 'List PKCS#11 modules and SKF libraries found in the usual install paths',
  usage: 'token modules [--json]',
  json: true,
  async run(ctx) {
    const list = new TokenService().modules();
    const skf = discoverSkfLibraries();
    if (ctx.json) return ctx.printJson({ modules: list, skf });
    for (const m of skf) ctx.print(`SKF ${m.label.padEnd(12)} ${m.path}`);
    if (!list.length) ctx.print('no PKCS#11 module found; give the vendor driver with --module PATH');
    for (const m of list) ctx.print(`${m.label.padEnd(16)} ${m.path}`);
  },
};

const PIN_STATE: Record<string, string> = { ok: 'PIN ok', 'count-low': 'PIN: a wrong PIN was entered before', 'final-try': 'PIN: FINAL TRY before the token locks', locked: 'PIN LOCKED', 'to-be-changed': 'PIN must be changed' };

/** `token list --skf`: devices → applications → containers, both certificates, the PIN's retry counter. */
async function listSkf(ctx: CommandContext): Promise<void> {
  const module = skfLibraryFor({}, { module: ctx.values.module as string | undefined });
  const client = new SkfClient({ libraryPath: module });
  try {
    const devices = await client.list(true);
    const certOf = (b64?: string) => {
      if (!b64) return undefined;
      try {
        const c = parseCertificate(new Uint8Array(Buffer.from(b64, 'base64')));
        return { subject: c.subject.text, commonName: c.commonName, issuer: c.issuer.text, serialNumber: c.serialNumber, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() };
      } catch {
        return { unreadable: true };
      }
    };
    const view = devices.map((d) => ({
      ...d,
      applications: d.applications.map((a) => ({
        ...a,
        containers: a.containers.map(({ signCert, encCert, ...c }) => ({ ...c, uri: formatSkfUri({ module, device: d.name, application: a.name, container: c.name }), signCertificate: certOf(signCert), encCertificate: certOf(encCert) })),
      })),
    }));
    if (ctx.json) return ctx.printJson({ module, devices: view });
    if (!view.length) ctx.print('no USB key present');
    for (const d of view) {
      ctx.print(`${d.name}: ${d.info ? `${d.info.manufacturer} ${d.info.label}, serial ${d.info.serial}` : ''}${d.error ? ` — unreadable: ${d.error}` : ''}`);
      for (const a of d.applications) {
        const pin = a.pin ? `${PIN_STATE[a.pin.state] ?? a.pin.state} (${a.pin.remaining}/${a.pin.max} tries left)` : 'PIN state unknown';
        ctx.print(`  application ${a.name} — ${pin}${a.error ? ` — unreadable: ${a.error}` : ''}`);
        for (const c of a.containers) {
          ctx.print(`    container ${c.name} [${c.type}]${c.error ? ` — unreadable: ${c.error}` : ''}`);
          const line = (k: string, x: ReturnType<typeof certOf>) => x && ctx.print(`      ${k}: ${'unreadable' in x ? 'unreadable certificate' : `${x.commonName || x.subject}  until ${x.notAfter.slice(0, 10)}`}`);
          line('sign', c.signCertificate);
          line('enc ', c.encCertificate);
          ctx.print(`      ${c.uri}`);
        }
      }
    }
  } finally {
    await client.close();
  }
}

const list: Command = {
  name: 'list',
  summary: 'List USB keys and their certificates (PKCS#11 module, or SKF library with --skf)',
  usage: 'token list (--module PATH | --skf [--module PATH]) [--json]',
  details: ['--module PATH     the vendor PKCS#11 module, or with --skf the SKF library (.so, .dll, .dylib)', '--skf             list keys through their SKF (GM/T 0016) library'],
  options: { module: { type: 'string' }, skf: { type: 'boolean' } },
  json: true,
  async run(ctx) {
    if (ctx.values.skf) return listSkf(ctx);
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

export const tokenCommand: CommandBody = {
  usage: 'token <modules|list> [options]',
  subcommands: [modules, list],
};
