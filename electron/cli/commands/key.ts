// Runs in Node. `bidseal key show FILE`: what a key file a CA handed out is — CFCA .sm2 (PEM "CFCA KEY",
// base64, DER), PKCS#12/PFX, PKCS#8 plain or encrypted, SEC1, PEM bundles, GM/T 0009 SM2EnvelopedKey, public
// keys, CSRs — its protection, and (after the password, if it has one) which certificate each key pairs
// with. Never prints private material; `--export OUT` writes the key as PKCS#8 PEM with its certificate to a
// file (atomically), for use with other tools, and only for a CFCA key file (the format no tool reads).
import type { Command, CommandBody } from '../framework';
import { UsageError } from '../framework';
import { BidSealError, isBidSealError } from '../../../shared/errors';
import { dearmor, pemEncode } from '../../../shared/asn1';
import { identifyArtefact } from '../../../shared/cms/identify';
import { openCfcaKeyFile } from '../../../shared/keystore/cfca';
import { exportSm2PrivateKey } from '../../../shared/crypto/keys';
import { parseCertificate } from '../../../shared/pki/certificate';
import { openKeystore } from '../../services/keys/software-keys';
import { secretOptions, SECRET_HELP, secrets } from '../carrier-spec';
import { readInput, writeOutput } from '../io';
import { printArtefact } from './cms-messages';

const OPENABLE = new Set(['pkcs12', 'cfca-sm2-key', 'encrypted-private-key', 'private-key']);

const showCommand: Command = {
  name: 'show',
  summary: 'Say what a key file is and which certificate its key belongs to (never prints private material)',
  usage: 'key show FILE [--cert CERT] [--password-stdin] [--export OUT]',
  details: ['--cert CERT       the certificate of a bare key', '--export OUT      CFCA key files: write the key as PKCS#8 PEM plus its certificate to OUT (atomically)', ...SECRET_HELP],
  options: { ...secretOptions, cert: { type: 'string' }, export: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const file = ctx.positionals[0];
    const bytes = await readInput(ctx.io, file);
    const info = identifyArtefact(bytes);
    const exportTo = ctx.values.export as string | undefined;
    if (exportTo !== undefined && (exportTo === '' || exportTo === '-')) throw new UsageError('--export needs an output file (private keys are never written to the terminal)');
    if (exportTo && info.kind !== 'cfca-sm2-key') throw new UsageError('--export converts CFCA key files only; other formats are read by OpenSSL directly');
    let keystore: Record<string, unknown> | undefined;
    if (OPENABLE.has(info.kind) && (ctx.values['password-stdin'] || (ctx.io.stdin as NodeJS.ReadStream).isTTY || info.kind === 'private-key')) {
      let password: string | null | undefined; // kept only for --export, dropped when the command ends
      const ks = await openKeystore(bytes, {
        ...(ctx.values.cert ? { certificate: await readInput(ctx.io, ctx.values.cert as string) } : {}),
        password: async () => (password = await secrets(ctx)('password-stdin', `Password for ${file}: `)),
        fileName: file,
      });
      try {
        keystore = {
          format: ks.format,
          protection: ks.protection,
          keys: ks.entries.map((e) => {
            const c = parseCertificate(e.certificateDer);
            return { label: e.label, keyKind: e.keyKind, certificate: { subject: c.subject.text, serialNumber: c.serialNumber, notAfter: c.notAfter.toISOString(), role: c.role }, canSign: !!e.signer, canDecrypt: !!e.decrypter, chain: e.chain.length };
          }),
          unpairedKeys: ks.unpairedKeys,
          certificates: ks.certificates.length,
        };
        if (exportTo) {
          // the password was right (the keystore opened); decrypt once more for the raw scalar
          const k = openCfcaKeyFile(dearmor(bytes).der, password ?? undefined);
          try {
            const pem = exportSm2PrivateKey(k.privateKey) + pemEncode('CERTIFICATE', k.certificate.der);
            await writeOutput(ctx.io, exportTo, new TextEncoder().encode(pem));
          } finally {
            k.privateKey.fill(0);
          }
        }
      } catch (e) {
        if (isBidSealError(e)) throw e;
        throw new BidSealError('E_INVALID_KEY', 'the key could not be read');
      } finally {
        ks.close();
      }
    }
    if (ctx.json) return ctx.printJson({ ...info, ...(keystore ? { keystore } : {}), ...(exportTo ? { exported: exportTo } : {}) });
    printArtefact(ctx, info);
    if (!keystore && OPENABLE.has(info.kind)) ctx.print('  (password-protected: run with --password-stdin or on a terminal to check the password and the certificate pairing)');
    if (keystore) {
      ctx.print(`  opened: format ${keystore.format}${(keystore.protection as string[]).length ? `, protection ${(keystore.protection as string[]).join('; ')}` : ''}`);
      for (const k of keystore.keys as Array<{ label: string; keyKind: string; certificate: { subject: string; serialNumber: string; notAfter: string; role: string }; canSign: boolean; canDecrypt: boolean }>) {
        ctx.print(`  key ${k.keyKind.toUpperCase()} "${k.label}" ↔ ${k.certificate.subject} (serial ${k.certificate.serialNumber}, until ${k.certificate.notAfter}, ${k.certificate.role}; ${[k.canSign ? 'signs' : '', k.canDecrypt ? 'decrypts' : ''].filter(Boolean).join(', ')})`);
      }
      for (const u of keystore.unpairedKeys as Array<{ label: string; keyKind: string }>) ctx.print(`  key ${u.keyKind.toUpperCase()} "${u.label}" without its certificate (give --cert)`);
      if (exportTo) ctx.print(`  exported key and certificate → ${exportTo}`);
    }
  },
};

export const keyCommand: CommandBody = {
  usage: 'key <show> [options]',
  subcommands: [showCommand],
};
