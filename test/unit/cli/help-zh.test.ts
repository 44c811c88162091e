// `bidseal --help` and `doctor` speak Chinese under LANG=zh_CN.UTF-8 / BIDSEAL_LANG=zh: every command has a
// Chinese summary, the headings are Chinese; English stays for English locales.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { main, rootCommand } from '../../../electron/cli/main';
import { detectLang, loadCommand, type Command } from '../../../electron/cli/framework';
import { SUMMARY_ZH } from '../../../electron/cli/help-zh';

async function run(args: string[], lang: 'zh' | 'en'): Promise<string> {
  const out = new PassThrough();
  let s = '';
  out.on('data', (d) => (s += d));
  await main(args, { stdout: out, stderr: new PassThrough(), lang });
  return s;
}

describe('CLI in Chinese', () => {
  it('follows LANG and BIDSEAL_LANG', () => {
    expect(detectLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(detectLang({ LANG: 'zh_CN.UTF-8', BIDSEAL_LANG: 'en' })).toBe('en');
    expect(detectLang({ LANG: 'C.UTF-8' })).toBe('en');
  });

  it('--help lists every command with a Chinese summary; doctor prints Chinese labels', async () => {
    for (const c of rootCommand.subcommands!) expect(SUMMARY_ZH[c.name], c.name).toBeTruthy();
    const zh = await run(['--help'], 'zh');
    expect(zh).toContain('用法：');
    expect(zh).toContain('命令：');
    expect(zh).toContain('doctor     检查本机环境');
    expect(zh).not.toContain('Usage:');
    const pdf = await run(['pdf', '--help'], 'zh');
    expect(pdf).toContain('check-seals  列出文档文字要求盖章');
    expect(await run(['--help'], 'en')).toContain('Usage:');
    const doctor = await run(['doctor'], 'zh');
    expect(doctor).toContain('系统工具');
    expect(doctor).not.toMatch(/\bTools\b|not installed/);
    // every command and subcommand, at any depth, has its Chinese summary
    const walk = async (c: Command, p: string): Promise<void> => {
      for (const s of c.subcommands ?? []) {
        const q = p ? `${p} ${s.name}` : s.name;
        expect(SUMMARY_ZH[q], q).toBeTruthy();
        await walk(await loadCommand(s), q);
      }
    };
    await walk(rootCommand, '');
  });
});
