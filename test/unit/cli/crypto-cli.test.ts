// The sm2/sm4 CLI commands interoperate with OpenSSL in both directions, as support staff use them.
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { hasOpenssl, openssl, repoRoot } from '../../helpers/vectors';
import { bidseal } from '../../helpers/cli';

let dir: string;
const p = (f: string) => path.join(dir, f);

describe.skipIf(!hasOpenssl)('bidseal sm2 and sm4 with OpenSSL', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bidseal-cli-crypto-'));
    expect(bidseal(['sm2', 'keygen', '-o', p('k.pem'), '--pub', p('p.pem')]).code).toBe(0);
    writeFileSync(p('msg'), randomBytes(70_001));
  });

  it('keygen writes PKCS#8 and SPKI that OpenSSL reads', () => {
    expect(openssl(['pkey', '-in', p('k.pem'), '-noout', '-text']).toString()).toContain('Private-Key: (256 bit)');
    expect(openssl(['pkey', '-pubin', '-in', p('p.pem'), '-noout', '-text']).toString()).toContain('SM2');
    expect(bidseal(['sm2', 'keygen']).code).toBe(2);
  });

  it('sign → openssl verifies with the default ID; openssl sign → we verify; tampering fails', () => {
    for (const fmt of ['der', 'raw']) {
      expect(bidseal(['sm2', 'sign', '--key', p('k.pem'), '--sig-format', fmt, '-o', p(`s.${fmt}`), p('msg')]).code).toBe(0);
    }
    expect(readFileSync(p('s.raw')).length).toBe(64);
    expect(openssl(['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pubin', '-inkey', p('p.pem'), '-in', p('msg'), '-sigfile', p('s.der'), '-pkeyopt', 'distid:1234567812345678']).toString()).toContain('Success');
    expect(bidseal(['sm2', 'verify', '--pubkey', p('p.pem'), '--sig', p('s.raw'), p('msg')]).code).toBe(0);
    openssl(['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', p('k.pem'), '-in', p('msg'), '-out', p('o.der'), '-pkeyopt', 'distid:1234567812345678']);
    const v = bidseal(['sm2', 'verify', '--json', '--pubkey', p('p.pem'), '--sig', p('o.der'), p('msg')]);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toEqual({ valid: true, id: '1234567812345678' });
    // OpenSSL's own default is the empty ID: it verifies only with --id ''.
    openssl(['pkeyutl', '-sign', '-rawin', '-digest', 'sm3', '-inkey', p('k.pem'), '-in', p('msg'), '-out', p('e.der')]);
    expect(bidseal(['sm2', 'verify', '--pubkey', p('p.pem'), '--sig', p('e.der'), p('msg')]).code).toBe(1);
    expect(bidseal(['sm2', 'verify', '--pubkey', p('p.pem'), '--id', '', '--sig', p('e.der'), p('msg')]).code).toBe(0);
    const bad = Buffer.from(readFileSync(p('msg')));
    bad[1234] ^= 1;
    writeFileSync(p('msg2'), bad);
    const r = bidseal(['sm2', 'verify', '--pubkey', p('p.pem'), '--sig', p('s.der'), p('msg2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_BAD_SIGNATURE/);
  });

  it('encrypt → openssl decrypts; openssl encrypts → we decrypt, in every layout', () => {
    writeFileSync(p('ck'), randomBytes(32));
    expect(bidseal(['sm2', 'encrypt', '--pubkey', p('p.pem'), '-o', p('ck.der'), p('ck')]).code).toBe(0);
    expect(openssl(['pkeyutl', '-decrypt', '-inkey', p('k.pem'), '-in', p('ck.der')])).toEqual(readFileSync(p('ck')));
    openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', p('p.pem'), '-in', p('ck'), '-out', p('ck.ossl')]);
    expect(bidseal(['sm2', 'decrypt', '--key', p('k.pem'), p('ck.ossl')]).raw).toEqual(readFileSync(p('ck')));
    for (const f of ['c1c3c2', 'c1c2c3']) {
      expect(bidseal(['sm2', 'encrypt', '--pubkey', p('p.pem'), '--cipher-format', f, '-o', p(`ck.${f}`), p('ck')]).code).toBe(0);
      expect(bidseal(['sm2', 'decrypt', '--key', p('k.pem'), p(`ck.${f}`)]).raw).toEqual(readFileSync(p('ck')));
    }
    const ct = readFileSync(p('ck.der'));
    ct[ct.length - 3] ^= 0x40;
    writeFileSync(p('ck.bad'), ct);
    const r = bidseal(['sm2', 'decrypt', '--key', p('k.pem'), '-o', p('out.bin'), p('ck.bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_DECRYPT_FAILED|^E_BAD_ENCODING/);
    expect(existsSync(p('out.bin'))).toBe(false);
  });

  it('sm4 cbc/ctr agree with openssl enc both ways; gcm round-trips and a flipped bit leaves no output; the key never in argv', () => {
    const key = randomBytes(16).toString('hex');
    const iv = randomBytes(16).toString('hex');
    writeFileSync(p('k.hex'), `${key}\n`, { mode: 0o600 });
    writeFileSync(p('k.raw'), Buffer.from(key, 'hex'), { mode: 0o600 });
    const kf = ['--key-file', p('k.hex')];
    const env = { SM4_TEST_KEY: key };
    for (const mode of ['cbc', 'ctr']) {
      expect(bidseal(['sm4', 'encrypt', '--mode', mode, ...kf, '--iv', iv, '-o', p(`m.${mode}`), p('msg')]).code).toBe(0);
      expect(readFileSync(p(`m.${mode}`))).toEqual(openssl(['enc', `-sm4-${mode}`, '-K', key, '-iv', iv, '-in', p('msg')]));
      openssl(['enc', `-sm4-${mode}`, '-K', key, '-iv', iv, '-in', p('msg'), '-out', p(`o.${mode}`)]);
      expect(bidseal(['sm4', 'decrypt', '--mode', mode, '--key-env', 'SM4_TEST_KEY', '--iv', iv, p(`o.${mode}`)], undefined, env).raw).toEqual(readFileSync(p('msg')));
      expect(bidseal(['sm4', 'decrypt', '--mode', mode, '--key-file', p('k.raw'), '--iv', iv, p(`o.${mode}`)]).raw).toEqual(readFileSync(p('msg')));
    }
    const nonce = randomBytes(12).toString('hex');
    expect(bidseal(['sm4', 'encrypt', '--mode', 'gcm', '--key-stdin', '--iv', nonce, '--aad', 'abcd', '-o', p('m.gcm'), p('msg')], Buffer.from(`${key}\n`)).code).toBe(0);
    expect(readFileSync(p('m.gcm')).length).toBe(70_001 + 16);
    expect(bidseal(['sm4', 'decrypt', '--mode', 'gcm', '--key-fd', '0', '--iv', nonce, '--aad', 'abcd', p('m.gcm')], Buffer.from(key)).raw).toEqual(readFileSync(p('msg')));
    const g = readFileSync(p('m.gcm'));
    g[100] ^= 1;
    writeFileSync(p('m.gcm.bad'), g);
    const toFile = bidseal(['sm4', 'decrypt', '--mode', 'gcm', ...kf, '--iv', nonce, '--aad', 'abcd', '-o', p('plain.out'), p('m.gcm.bad')]);
    expect(toFile.stderr).toMatch(/^E_AUTH_TAG_MISMATCH/);
    expect(readdirSync(dir).filter((f) => f.startsWith('plain.out'))).toEqual([]);
    const toStdout = bidseal(['sm4', 'decrypt', '--mode', 'gcm', ...kf, '--iv', nonce, '--aad', 'abcd', p('m.gcm.bad')]);
    expect(toStdout.code).toBe(1);
    expect(toStdout.raw.length).toBe(0);
    // a raw key in argv is refused before anything is read or written
    const inArgv = bidseal(['sm4', 'encrypt', '--mode', 'cbc', '--key', key, '--iv', iv, '-o', p('argv.out'), p('msg')]);
    expect(inArgv.code).toBe(1);
    expect(inArgv.stderr).toMatch(/^E_SECRET_IN_ARGV/);
    expect(existsSync(p('argv.out'))).toBe(false);
    expect(bidseal(['sm4', 'encrypt', '--mode', 'cbc', ...kf, '--key-env', 'SM4_TEST_KEY', '--iv', iv, p('msg')], undefined, env).stderr).toMatch(/^E_INVALID_ARGUMENT/);
    expect(bidseal(['sm4', 'encrypt', '--mode', 'cbc', '--iv', iv, p('msg')]).code).toBe(2);
    expect(bidseal(['sm4', 'encrypt', '--mode', 'cbc', '--key-env', 'K', '--iv', iv, p('msg')], undefined, { K: 'zz' }).stderr).toMatch(/^E_INVALID_KEY/);
    expect(bidseal(['sm4', 'encrypt', '--mode', 'cbc', '--key-env', 'K', '--iv', iv, p('msg')], undefined, { K: '00' }).stderr).toMatch(/^E_INVALID_KEY/);
  });

  it('a reader that closes the pipe early ends the command quietly (no stack trace)', () => {
    // 70 kB to standard output overflows the pipe buffer after `head` has gone: EPIPE
    const bin = `"${process.execPath}" "${path.join(repoRoot, 'bin/bidseal.mjs')}"`;
    const r = spawnSync('sh', ['-c', `${bin} sm4 encrypt --mode ctr --key-file "${p('k.hex')}" --iv ${'00'.repeat(16)} "${p('msg')}" | head -c 1 >/dev/null`], { encoding: 'utf8', env: { ...process.env, BIDSEAL_LANG: 'en' } });
    expect(r.stderr).toBe('');
  });
});
