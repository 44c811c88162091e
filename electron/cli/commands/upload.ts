// Runs in Node. `bidseal upload IN.p7m --platform ID [--url URL] [--deadline ISO]`: delivers a sealed bid
// over tus through the outbox of the data folder, so an interrupted run (Ctrl-C, a lost network, a killed
// process) resumes from the platform's offset when the same command runs again. The platform's signed
// receipt is verified against its receipt certificate (platform directory, or --receipt-cert) and saved
// next to the bid (IN.receipt.p7m, or --receipt FILE) and in the bid history.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandBody, CommandContext } from '../framework';
import { UsageError } from '../framework';
import { BidSealError, describeError, isBidSealError, type ErrorCode } from '../../../shared/errors';
import { defaultDataDir } from '../../services/fs/data-dir';
import { getPlatform } from '../../services/platforms/directory';
import { listRecords } from '../../services/bid/history';
import { writeFileAtomic } from '../../services/fs/atomic-write';
import { Outbox, outboxHooks, type OutboxItem } from '../../services/upload';
import { parseBeijingTime } from '../../../shared/bid/beijing-time';
import { digestFile } from '../../services/upload/file-digest';

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
const dur = (s: number | null) => (s === null || !Number.isFinite(s) ? '--:--' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);

export const uploadCommand: CommandBody = {
  usage: 'upload IN.p7m --platform ID [--url URL] [--deadline ISO] [--receipt-cert CERT] [--receipt OUT] [--data-dir DIR] [--json]',
  details: [
    '--platform ID       the platform (platform directory id; `reference` = npm run platform)',
    "--url URL           tus endpoint instead of the platform's (e.g. http://127.0.0.1:8790/files/)",
    '--deadline TIME     the bid deadline, Beijing time unless a zone is given ("2026-12-01 09:30"): BidSeal refuses',
    '                    to send after it (default: the bid record\'s opening time)',
    "--receipt-cert CERT the platform's receipt certificate (default: from the platform directory)",
    '--receipt OUT       where to save the receipt (default: IN.receipt.p7m)',
    '--data-dir DIR      BidSeal data folder (outbox, history; default: BIDSEAL_DATA_DIR or the per-user folder)',
    'Run the same command again to resume an interrupted upload.',
  ],
  options: { platform: { type: 'string' }, url: { type: 'string' }, deadline: { type: 'string' }, 'receipt-cert': { type: 'string' }, receipt: { type: 'string' }, 'data-dir': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  json: true,
  async run(ctx: CommandContext) {
    const file = path.resolve(ctx.positionals[0]);
    const platformId = ctx.values.platform as string | undefined;
    if (!platformId) throw new UsageError('--platform is required');
    const dataDir = (ctx.values['data-dir'] as string | undefined) ?? defaultDataDir();
    const url = ctx.values.url as string | undefined;
    // read like seal --opening: a time without a zone is Beijing time
    let deadline: string | undefined;
    if (ctx.values.deadline !== undefined) {
      const d = parseBeijingTime(String(ctx.values.deadline));
      if (!d) throw new UsageError(`--deadline: cannot read the time ${JSON.stringify(ctx.values.deadline)} (e.g. "2026-12-01 09:30" in Beijing time, or 2026-12-01T09:30+08:00)`);
      deadline = d.toISOString();
    }
    let endpoint = url;
    let receiptCertificatePem = ctx.values['receipt-cert'] ? await readFile(ctx.values['receipt-cert'] as string, 'utf8') : undefined;
    try {
      const p = await getPlatform(dataDir, platformId);
      endpoint ??= p.upload.endpoint;
      receiptCertificatePem ??= p.upload.receiptCertificatePem;
    } catch (e) {
      if (!(isBidSealError(e) && e.code === 'E_PLATFORM_UNKNOWN' && url)) throw e;
    }
    if (!endpoint) throw new BidSealError('E_UPLOAD_NO_ENDPOINT', `platform ${platformId} has no upload endpoint; give --url`);
    const d = await digestFile(file);
    const record = (await listRecords(dataDir).catch(() => [])).find((r) => r.sealed.sha256 === d.sha256);
    deadline ??= record?.openingTime;
    const hooks = outboxHooks(dataDir);
    const outbox = new Outbox(dataDir, { recordUpload: hooks.recordUpload }, false);
    await outbox.reconcile(); // what a killed run left half done
    let item: OutboxItem = await outbox.enqueue({
      filePath: file,
      digests: d,
      platformId,
      endpoint,
      ...(receiptCertificatePem ? { receiptCertificatePem } : {}),
      ...(deadline ? { deadline } : {}),
      ...(record ? { recordId: record.id, bidder: record.bidder.name, tender: [record.tender.projectId, record.tender.lot].filter(Boolean).join(' ') } : {}),
    });
    const tty = Boolean((ctx.io.stderr as NodeJS.WriteStream).isTTY);
    let lastPct = -1;
    outbox.on((e) => {
      if (e.id !== item.id || !e.progress || ctx.json) return;
      const p = e.progress;
      const pct = p.bytesTotal ? Math.floor((p.bytesDone * 100) / p.bytesTotal) : 0;
      const line = `${pct}%  ${mib(p.bytesDone)} / ${mib(p.bytesTotal)}  ${mib(p.speed)}/s  ${ctx.io.lang === 'zh' ? '剩余' : 'left'} ${dur(p.eta)}`;
      if (tty) ctx.io.stderr.write(`\r${line}   `);
      else if (pct >= lastPct + 10 || pct === 100) {
        lastPct = pct - (pct % 10);
        ctx.io.stderr.write(`${line}\n`);
      }
    });
    const onSigint = () => void outbox.close();
    process.once('SIGINT', onSigint);
    try {
      if (item.state !== 'done') {
        if (item.bytesSent > 0 && !ctx.json) ctx.io.stderr.write(`${ctx.io.lang === 'zh' ? '续传' : 'resuming'} ${item.fileName}\n`);
        item = await outbox.run(item.id);
        while (item.state === 'waiting-network') {
          const wait = Math.max(0, Date.parse(item.nextAttemptAt ?? '') - Date.now());
          if (!ctx.json) ctx.io.stderr.write(`\n${item.error?.message ?? 'network'} — ${ctx.io.lang === 'zh' ? '将于' : 'retrying in'} ${Math.ceil(wait / 1000)} s\n`);
          await new Promise((r) => setTimeout(r, wait));
          item = await outbox.run(item.id);
        }
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
      if (tty && !ctx.json) ctx.io.stderr.write('\n');
    }
    if (item.state === 'paused') throw new BidSealError('E_CANCELLED', 'upload paused; run the same command again to resume');
    if (item.state !== 'done' || !item.receipt) {
      const code = (item.error?.code ?? 'E_UPLOAD_REJECTED') as ErrorCode;
      throw new BidSealError(code, item.error?.message ?? item.state);
    }
    const out = path.resolve((ctx.values.receipt as string | undefined) ?? `${file.replace(/\.p7m$/i, '')}.receipt.p7m`);
    await writeFileAtomic(out, await outbox.receipt(item.id));
    const r = item.receipt;
    if (ctx.json) ctx.printJson({ ok: true, file, ...r, receiptFile: out, resumedFrom: item.resumedFrom ?? 0 });
    else {
      const zh = ctx.io.lang === 'zh';
      ctx.print(`${zh ? '已上传' : 'uploaded'} ${item.fileName} → ${platformId}${r.duplicate ? (zh ? '（平台已有该文件，沿用首次回执）' : ' (already there: first receipt)') : ''}`);
      ctx.print(`  ${zh ? '接收时间' : 'received'}  ${r.receivedAt}`);
      ctx.print(`  SHA-256   ${r.sha256}`);
      ctx.print(`  SM3       ${r.sm3}`);
      ctx.print(`  ${zh ? '大小' : 'size'}      ${r.size}`);
      ctx.print(`  ${zh ? '回执' : 'receipt'}   ${out} (${r.verified ? (zh ? '签名已验证' : 'signature verified') + `: ${r.signer}` : describeError('E_RECEIPT_WRONG_SIGNER', ctx.io.lang, 'no receipt certificate to check with')})`);
    }
  },
};
