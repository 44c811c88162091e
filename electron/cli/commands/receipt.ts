// Runs in Node. `bidseal receipt verify RECEIPT`: checks a platform's upload receipt (bidseal-receipt/1, a
// CMS SignedData; shared/receipt) against the platform's receipt certificate and, with --file, that it
// names exactly this sealed bid (SHA-256 and size).
import { readFile } from 'node:fs/promises';
import type { Command, CommandBody, CommandContext } from '../framework';
import { UsageError } from '../framework';
import { BidSealError } from '../../../shared/errors';
import { verifyReceipt } from '../../../shared/receipt/receipt';
import { defaultDataDir } from '../../services/fs/data-dir';
import { getPlatform } from '../../services/platforms/directory';
import { digestFile } from '../../services/upload/file-digest';

const verify: Command = {
  name: 'verify',
  summary: "Verify a platform's upload receipt",
  usage: 'receipt verify RECEIPT (--cert CERT | --platform ID) [--file IN.p7m] [--data-dir DIR] [--json]',
  details: ["--cert CERT        the platform's receipt certificate (PEM/DER)", '--platform ID      take it from the platform directory', '--file IN.p7m      also check the receipt names this file (SHA-256, size)'],
  options: { cert: { type: 'string' }, platform: { type: 'string' }, file: { type: 'string' }, 'data-dir': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx: CommandContext) {
    const der = await readFile(ctx.positionals[0]).catch(() => {
      throw new BidSealError('E_FILE_NOT_FOUND', ctx.positionals[0], { path: ctx.positionals[0] });
    });
    let cert: Uint8Array | string | undefined = ctx.values.cert ? await readFile(ctx.values.cert as string) : undefined;
    if (!cert) {
      const id = ctx.values.platform as string | undefined;
      if (!id) throw new UsageError('give --cert CERT or --platform ID');
      const p = await getPlatform((ctx.values['data-dir'] as string | undefined) ?? defaultDataDir(), id);
      cert = p.upload.receiptCertificatePem;
      if (!cert) throw new BidSealError('E_RECEIPT_WRONG_SIGNER', `platform ${id} has no receipt certificate in the directory; give --cert`);
    }
    const expected = ctx.values.file ? await digestFile(ctx.values.file as string) : undefined;
    const v = await verifyReceipt(new Uint8Array(der), cert, expected ? { sha256: expected.sha256, size: expected.size } : undefined);
    if (ctx.json) return void ctx.printJson({ ok: true, ...v, matchedFile: Boolean(expected) });
    const zh = ctx.io.lang === 'zh';
    const p = v.payload;
    ctx.print(`${zh ? '回执有效' : 'receipt valid'}: ${v.signatureAlgorithm} ${zh ? '签名，签发者' : 'signature by'} ${v.signer.subject}`);
    ctx.print(`  ${zh ? '平台' : 'platform'}    ${p.platformId}  (${zh ? '上传编号' : 'upload'} ${p.uploadId})`);
    ctx.print(`  ${zh ? '文件' : 'file'}      ${p.fileName}  ${p.size} B`);
    ctx.print(`  SHA-256   ${p.sha256}`);
    ctx.print(`  SM3       ${p.sm3}`);
    ctx.print(`  ${zh ? '接收时间' : 'received'}  ${p.receivedAt}`);
    if (expected) ctx.print(`  ${zh ? '与文件一致' : 'matches'}  ${ctx.values.file as string}`);
  },
};

export const receiptCommand: CommandBody = { usage: 'receipt verify RECEIPT …', subcommands: [verify] };
