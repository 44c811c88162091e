// Runs in Node. `bidseal cms encrypt|decrypt`: plain CMS EnvelopedData / AuthEnvelopedData for any content
// (RFC 5652 §6, RFC 5083, GB/T 35275 for all-SM2 SM4-CBC), streaming, for interoperability with OpenSSL
// (`openssl cms -decrypt` opens ours with RSA and EC recipients; ours opens `openssl cms -encrypt`) and
// platform tools. Output is written atomically and only after the last block decrypted and verified.
import type { Command, CommandBody } from '../framework';
import { UsageError } from '../framework';
import type { RecipientSpec } from '../../../shared/envelope/recipients';
import { openFile, sealFile } from '../../services/bid/envelope-file';
import { openIdentitySpecs, secretOptions, SECRET_HELP, SPEC_HELP } from '../carrier-spec';
import { readInput } from '../io';
import { dearmor } from '../../../shared/asn1';
import { CIPHERS } from './seal';
import { list, requireList, requireOut, str } from '../args';
import type { SealCipher } from '../../../shared/bid/platform-seal-options';
import { messageCommands } from './cms-messages';

const encryptCommand: Command = {
  name: 'encrypt',
  summary: 'Encrypt a file to recipient certificates as a CMS envelope',
  usage: 'cms encrypt IN --recipient CERT... [--cipher C] [--recipient-id issuer-serial|ski] [--rsa-padding oaep|pkcs1] [--profile gmt0010|rfc5652 | --flavour gm|rfc5652] -o OUT',
  details: [
    '--recipient CERT  an ENCRYPTION certificate (SM2, RSA, EC P-256/P-384; repeat)',
    `--cipher C        ${CIPHERS.join('|')} (default sm4-cbc; GCM gives AuthEnvelopedData)`,
    '--recipient-id T  issuer-serial (default) or ski (subjectKeyIdentifier)',
    '--rsa-padding P   oaep (RSAES-OAEP SHA-256, default) or pkcs1 (PKCS#1 v1.5, for older platforms)',
    '--profile P       gmt0010 (GM/T 0010 OIDs; SM2 recipients only) or rfc5652 (default: gmt0010 when every',
    '                  recipient is SM2 and the cipher SM4-CBC)',
    '--flavour F       gm or rfc5652: the same choice under the name the other cms commands use',
    '-o OUT            the envelope (DER/BER), written atomically',
  ],
  options: { recipient: { type: 'string', multiple: true }, cipher: { type: 'string' }, 'recipient-id': { type: 'string' }, 'rsa-padding': { type: 'string' }, profile: { type: 'string' }, flavour: { type: 'string' }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx);
    const certs = requireList(ctx, 'recipient', 'CERT');
    const cipher = (str(ctx, 'cipher') ?? 'sm4-cbc') as SealCipher;
    if (!CIPHERS.includes(cipher)) throw new UsageError(`--cipher must be one of ${CIPHERS.join('|')}`);
    const rid = str(ctx, 'recipient-id') ?? 'issuer-serial';
    if (rid !== 'issuer-serial' && rid !== 'ski') throw new UsageError('--recipient-id must be issuer-serial or ski');
    const pad = str(ctx, 'rsa-padding') ?? 'oaep';
    if (pad !== 'oaep' && pad !== 'pkcs1') throw new UsageError('--rsa-padding must be oaep or pkcs1');
    const fl = str(ctx, 'flavour');
    if (fl && fl !== 'gm' && fl !== 'rfc5652') throw new UsageError('--flavour must be gm or rfc5652');
    const profile = str(ctx, 'profile') ?? (fl === 'gm' ? 'gmt0010' : fl);
    if (profile && profile !== 'gmt0010' && profile !== 'rfc5652') throw new UsageError('--profile must be gmt0010 or rfc5652');
    const recipients: RecipientSpec[] = await Promise.all(certs.map(async (f) => ({ certificate: dearmor(await readInput(ctx.io, f)).der, rsaPadding: pad })));
    const r = await sealFile(ctx.positionals[0], out, { recipients, contentCipher: cipher, recipientId: rid === 'ski' ? 'ski' : 'issuerAndSerial', ...(profile ? { profile: profile as 'gmt0010' | 'rfc5652' } : {}) });
    if (ctx.json) return ctx.printJson({ path: out, cipher, recipients: certs.length, ...r });
    ctx.print(`encrypted ${r.bytesIn} bytes to ${certs.length} recipient(s) with ${cipher} → ${out} (${r.bytesOut} bytes)`);
  },
};

const decryptCommand: Command = {
  name: 'decrypt',
  summary: 'Decrypt a CMS envelope (ours, OpenSSL\'s, GmSSL-style GM/T 0010)',
  usage: 'cms decrypt IN --identity SPEC... -o OUT',
  details: ['--identity SPEC   the ENCRYPTION key (repeat: the matching one is used)', ...SECRET_HELP, '-o OUT            the content, written only when complete and verified', ...SPEC_HELP],
  options: { ...secretOptions, identity: { type: 'string', multiple: true }, out: { type: 'string', short: 'o' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    const out = requireOut(ctx);
    const { decrypters, close } = await openIdentitySpecs(ctx, list(ctx, 'identity'));
    try {
      const r = await openFile(ctx.positionals[0], out, { decrypters });
      if (ctx.json) return ctx.printJson({ path: out, bytes: r.bytes, type: r.info.type, profile: r.info.profile, cipher: r.info.contentEncryption.name, openedBy: r.openedBy.description });
      ctx.print(`decrypted ${r.info.type} (${r.info.contentEncryption.name}) for ${r.openedBy.description} → ${out} (${r.bytes} bytes)`);
    } finally {
      await close();
    }
  },
};

export const cmsCommand: CommandBody = {
  usage: 'cms <sign|verify|encrypt|decrypt|sign-encrypt|decrypt-verify|inspect> [options]',
  subcommands: [messageCommands[0], messageCommands[1], encryptCommand, decryptCommand, messageCommands[2], messageCommands[3], messageCommands[4]],
};
