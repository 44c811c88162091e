// Runs in Node. `bidseal inspect`: what a sealed bid or any CMS envelope says about itself without a key —
// content type, profile (GB/T 35275 or RFC 5652), content and key-encryption algorithms, every recipient
// (issuer + serial or SKI), custody parties, the file size.
import type { CommandBody } from '../framework';
import { inspectBid, inspectionView } from '../../services/bid/package';
import { isBidSealError } from '../../../shared/errors';
import { cmsInspectCommand } from './cms-messages';
import { recipientCertificatesWith } from '../../services/platforms/directory';
import { readCertFiles } from '../io';
import { list } from '../args';
import { defaultDataDir } from '../../services/fs/data-dir';

export const inspectCommand: CommandBody = {
  usage: 'inspect IN.p7m [--cert CERT]... [--json]',
  options: { cert: { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx) {
    let bid;
    try {
      bid = await inspectBid(ctx.positionals[0]);
    } catch (e) {
      // not an envelope or custody container: any other CMS / GM/T 0010 message, certificate or key file
      if (!isBidSealError(e) || !/^E_(ENVELOPE_CORRUPT|UNSUPPORTED_ALGORITHM|TRUNCATED)$/.test(e.code)) throw e;
      return cmsInspectCommand.run!(ctx);
    }
    // --cert: certificates of one's own (or a colleague's) that a recipient may be, named by their holder
    const v = inspectionView(bid, await recipientCertificatesWith(defaultDataDir(), await readCertFiles(list(ctx, 'cert'))));
    // a file cut short (or with bytes after the message) is reported, and the exit status says so
    const incomplete = 'incomplete' in v ? v.incomplete : undefined;
    if (incomplete) {
      const zh = ctx.io.lang === 'zh';
      const at = incomplete.expectedSize === null ? '' : zh ? `（应为 ${incomplete.expectedSize} 字节，实际 ${v.size} 字节）` : ` (${incomplete.expectedSize} bytes expected, ${v.size} found)`;
      const line =
        incomplete.reason === 'truncated'
          ? zh
            ? `警告：文件不完整，已被截断${at}：无法解密，请重新获取完整的密封文件`
            : `warning: the file is incomplete, cut short${at}: it cannot be decrypted; get the whole sealed file again`
          : zh
            ? `警告：信封之后还有多余的字节${at}`
            : `warning: extra bytes after the envelope${at}`;
      ctx.io.stderr.write(`${line}\n`);
    }
    if (ctx.json) {
      ctx.printJson(v);
      return incomplete ? 1 : undefined;
    }
    if (v.kind === 'envelope') {
      ctx.print(`${v.type} (${v.profile === 'gmt0010' ? 'GB/T 35275 / GM/T 0010' : 'RFC 5652'}), CMS flavour ${v.flavour}, content type ${v.contentType}`);
      ctx.print(`content encryption: ${v.cipher} (${v.cipherOid})`);
      ctx.print(`size: ${v.size} bytes; custody: single (any one recipient opens)`);
      // named by the certificate holder where the platform directory knows the certificate: the issuer alone reads as if the CA could open the bid
      const zh = ctx.io.lang === 'zh';
      for (const r of v.recipients) {
        const who = r.holder ? `${r.holder}${r.platform ? ` — ${zh ? r.platform.zh : r.platform.en}` : ''} (${zh ? '颁发者' : 'issued by'} ${r.id})` : `${zh ? '持有者未知（证书不在平台目录中），颁发者' : 'holder unknown (certificate not in the platform directory), issued by'} ${r.id}`;
        ctx.print(`  recipient: ${who} [${r.kind}, ${r.algorithm}]`);
      }
      return incomplete ? 1 : undefined;
    }
    ctx.print(`BIDSEAL-CUSTODY/1 ${v.custody} ${v.k}-of-${v.n}, ${v.cipher}, content ${v.content}`);
    ctx.print(`size: ${v.size} bytes (header ${v.headerBytes})`);
    for (const p of v.parties) ctx.print(`  party #${p.index}${p.label ? ` (${p.label})` : ''}: ${p.subject} (issuer ${p.issuer}, serial ${p.serialNumber}) [${p.envelope.type}, ${p.envelope.recipients.map((r) => r.algorithm).join(', ')}]`);
  },
};
