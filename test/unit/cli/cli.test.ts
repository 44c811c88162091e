import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { hasOpenssl, openssl } from '../../helpers/vectors';
import { bidseal } from '../../helpers/cli';

describe('bidseal CLI', () => {
  it('prints its version and help', () => {
    const v = bidseal(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^bidseal \d+\.\d+\.\d+/);
    const h = bidseal(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('hash');
    expect(h.stdout).toContain('doctor');
    expect(bidseal(['hash', '--help']).stdout).toContain('--alg');
  });

  it('treats unknown commands and options as usage errors (exit 2) with a hint', () => {
    const u = bidseal(['hsah']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/^E_USAGE: unknown command 'hsah'/);
    expect(u.stderr).toContain("did you mean 'hash'");
    const o = bidseal(['hash', '--frobnicate', 'x']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('E_USAGE');
    expect(bidseal(['hash']).code).toBe(2);
    expect(bidseal(['hash', '--alg', 'md5', 'x']).code).toBe(2);
  });

  it('reports the machine with doctor --json', () => {
    const d = bidseal(['doctor', '--json']);
    expect(d.code).toBe(0);
    const j = JSON.parse(d.stdout);
    expect(j.node).toBe(process.versions.node);
    expect(typeof j.electron.binaryPresent).toBe('boolean');
    expect(Array.isArray(j.pkcs11Modules)).toBe(true);
    expect(j.tools.map((t: { name: string }) => t.name)).toContain('openssl');
  });

  it('fails with a coded error (exit 1) for a missing file, in English or Chinese', () => {
    const r = bidseal(['hash', '/nonexistent/bid.pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_FILE_NOT_FOUND: File not found/);
    expect(bidseal(['hash', '/nonexistent/bid.pdf'], undefined, { BIDSEAL_LANG: 'zh' }).stderr).toMatch(/^E_FILE_NOT_FOUND: 文件不存在/);
    const j = bidseal(['hash', '--json', '/nonexistent/bid.pdf']);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, error: { code: 'E_FILE_NOT_FOUND' } });
  });

  describe.skipIf(!hasOpenssl)('hash agrees with openssl dgst', () => {
    it('for files and standard input, SM3 and SHA-256', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bidseal-cli-'));
      const files = [0, 1, 63, 64, 65, 1 << 20].map((n, i) => {
        const p = path.join(dir, `f${i}.bin`);
        writeFileSync(p, randomBytes(n));
        return p;
      });
      const out = bidseal(['hash', ...files]);
      expect(out.code).toBe(0);
      const sha = bidseal(['hash', '--alg', 'sha256', '--json', ...files]);
      const shaJson = JSON.parse(sha.stdout).files;
      out.stdout.trim().split('\n').forEach((line, i) => {
        const [hex, name] = line.split('  ');
        expect(name).toBe(files[i]);
        expect(hex).toBe(openssl(['dgst', '-sm3', '-r', files[i]]).toString().split(' ')[0]);
        expect(shaJson[i].hex).toBe(openssl(['dgst', '-sha256', '-r', files[i]]).toString().split(' ')[0]);
      });
      const data = randomBytes(1000);
      expect(bidseal(['hash', '-'], data).stdout.split('  ')[0]).toBe(openssl(['dgst', '-sm3', '-r'], data).toString().split(' ')[0]);
      expect(readdirSync(dir).some((f) => f.endsWith('.partial'))).toBe(false);
      expect(existsSync(dir)).toBe(true);
    });
  });
});
