// `bidseal platforms …` and `bidseal stats` as a user runs them: the shipped directory, a platform of
// one's own, a refused bundle import, and the statistics written as CSV and XLSX.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bidseal } from '../../helpers/cli';
import { SHIPPED_BUNDLE } from '../../../electron/services/platforms/directory';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'bidseal-pcli-'));

describe('bidseal platforms', () => {
  it('lists the twelve participating platforms and the reference platform, and shows one platform\'s rules', () => {
    const d = tmp();
    const r = bidseal(['platforms', 'list', '--json', '--data-dir', d]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.platforms).toHaveLength(13);
    expect(j.directory).toMatchObject({ source: 'shipped' });
    const show = bidseal(['platforms', 'show', 'shenzhen', '--data-dir', d]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Shenzhen Public Resource Trading Platform');
    expect(show.stdout).toContain('to be confirmed with the platform');
    const unknown = bidseal(['platforms', 'show', 'atlantis', '--data-dir', d]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^E_PLATFORM_UNKNOWN/);
  });

  it('refuses a tampered bundle and one that is not newer', () => {
    const d = tmp();
    const dir = tmp();
    const bytes = readFileSync(SHIPPED_BUNDLE);
    writeFileSync(path.join(dir, 'b.json'), bytes);
    writeFileSync(path.join(dir, 'b.json.sig'), readFileSync(`${SHIPPED_BUNDLE}.sig`));
    const same = bidseal(['platforms', 'import', path.join(dir, 'b.json'), '--data-dir', d]);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/^E_DIRECTORY_NOT_NEWER/);
    const t = Buffer.from(bytes);
    t[100] ^= 1;
    writeFileSync(path.join(dir, 'b.json'), t);
    const bad = bidseal(['platforms', 'import', path.join(dir, 'b.json'), '--signature', path.join(dir, 'b.json.sig'), '--json', '--data-dir', d]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.code).toBe('E_DIRECTORY_SIGNATURE_INVALID');
  });

  it('adds and removes a platform of one\'s own', () => {
    const d = tmp();
    const cert = path.resolve('platform-server/demo-pki/platform-enc.crt.pem');
    const add = bidseal(['platforms', 'add', '--name', '测试平台', '--cert', cert, '--endpoint', 'http://127.0.0.1:9/files/', '--max-size', '200M', '--json', '--data-dir', d]);
    expect(add.code).toBe(0);
    const p = JSON.parse(add.stdout);
    expect(p).toMatchObject({ source: 'user', upload: { maxBytes: 200 * 1024 * 1024 } });
    expect(JSON.parse(bidseal(['platforms', 'list', '--json', '--data-dir', d]).stdout).platforms).toHaveLength(14);
    expect(bidseal(['platforms', 'remove', p.id, '--data-dir', d]).code).toBe(0);
  });
});

describe('bidseal stats', () => {
  it('writes CSV and XLSX even with no history, and rejects a bad month', () => {
    const d = tmp();
    const out = tmp();
    const r = bidseal(['stats', '--csv', path.join(out, 'a.csv'), '--xlsx', path.join(out, 'a.xlsx'), '--data-dir', d]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'a.csv'), 'utf8')).toBe('\uFEFF月份,平台标识,平台名称,生成投标文件数,上传成功数,上传失败数,使用证书数\r\n合计,,,0,0,0,\r\n');
    expect(readFileSync(path.join(out, 'a.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(bidseal(['stats', '--month', '2026-13', '--data-dir', d]).code).toBe(2);
  });
});
