// `bidseal project checklist-from-tender`: the real bin on the sample tender PDF (JSON), the human output in
// Chinese and English in-process on the .docx, and a .doc refused with its typed error in both languages.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { bidseal } from '../../helpers/cli';
import { TENDER_DEADLINE, TENDER_ITEMS, tenderDocx, tenderPdf } from '../../helpers/tender-doc';

const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-tender-cli-'));

async function run(args: string[], lang: 'zh' | 'en') {
  const [out, err] = [new PassThrough(), new PassThrough()];
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const code = await main(args, { stdout: out, stderr: err, lang });
  return { code, stdout, stderr };
}

describe('bidseal project checklist-from-tender', () => {
  it('prints the proposal of a tender PDF as JSON (the real bin)', async () => {
    const pdf = path.join(dir, '招标文件.pdf');
    writeFileSync(pdf, await tenderPdf());
    const r = bidseal(['project', 'checklist-from-tender', pdf, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.items.map((i: { title: string }) => i.title)).toEqual(TENDER_ITEMS);
    expect(j.deadline.iso).toBe(TENDER_DEADLINE);
    expect(j.opening.iso).toBe(TENDER_DEADLINE);
  });

  it('prints it for people, in Chinese and in English, with the zone', async () => {
    const docx = path.join(dir, '招标文件.docx');
    writeFileSync(docx, tenderDocx());
    const zh = await run(['project', 'checklist-from-tender', docx], 'zh');
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('来源章节: 3.1 投标文件的组成');
    expect(zh.stdout).toContain(' 1. 投标函及投标函附录  [投标函]');
    expect(zh.stdout).toContain('投标截止时间: 2026-12-20 09:30（北京时间）');
    expect(zh.stdout).toContain('开标时间: 2026-12-20 10:00（北京时间）');
    const en = await run(['project', 'checklist-from-tender', docx], 'en');
    expect(en.stdout).toContain('Bid deadline: 2026-12-20 09:30 (Beijing time)');
    expect(en.stdout).toContain('[Price list]');
  });

  it('refuses a .doc with the advice to save it as .docx or PDF', async () => {
    const doc = path.join(dir, '招标文件.doc');
    const b = new Uint8Array(1024);
    b.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    writeFileSync(doc, b);
    const zh = await run(['project', 'checklist-from-tender', doc], 'zh');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('E_TENDER_DOC_LEGACY: 无法读取 Word 97-2003（.doc）');
    expect(zh.stderr).toContain('另存为 .docx 或 PDF');
    const en = await run(['project', 'checklist-from-tender', doc, '--json'], 'en');
    expect(JSON.parse(en.stdout)).toMatchObject({ ok: false, error: { code: 'E_TENDER_DOC_LEGACY' } });
  });
});
