// Capabilities, not paths, across IPC (docs/ipc-security.md): walks every request schema of the contract
// (shared/ipc/contract.ts and shared/ipc/specs/*) and fails when a field looks like a filesystem path, a
// native module or a network endpoint, by its name or because its schema accepts such a string, unless
// the field is in the reviewed allow-list (test/unit/ipc/reviewed-fields.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contract, OPERATIONS } from '../../../shared/ipc/contract';
import { requestLeaves } from './contract-walk';
import { REVIEWED } from './reviewed-fields';

const SUSPECT_NAME = /path|dir|folder|url|uri|endpoint|module|href|website|host|link|^file$|location|address|socket|command|exec/i;
const PROBES = ['/etc/passwd', '/home/user/.config/BidSeal/documents/0123/lib.so', 'C:\\Windows\\System32\\evil.dll', '..\\..\\evil.dll', '../../lib.so', 'http://127.0.0.1:9/x', 'https://evil.example/x', 'file:///etc/passwd', '\\\\server\\share\\x'];

const leaves = requestLeaves();
const suspects = leaves
  .map((l) => ({ ...l, byName: SUSPECT_NAME.test(l.field), accepts: PROBES.filter((p) => l.schema.safeParse(p).success) }))
  .filter((l) => l.byName || l.accepts.length > 0);

describe('IPC contract: no free path, module or URL in any request', () => {
  it('walks every operation', () => {
    expect(Object.keys(contract).sort()).toEqual([...OPERATIONS].sort());
    expect(leaves.length).toBeGreaterThan(100);
  });

  it('every field that could carry a path, a module or a URL is reviewed', () => {
    const unreviewed = suspects.filter((s) => !REVIEWED.some((r) => r.match.test(s.key))).map((s) => `${s.key} (${s.byName ? 'name' : ''}${s.accepts.length ? ` accepts ${s.accepts.join(', ')}` : ''})`);
    expect(unreviewed).toEqual([]);
  });

  it('the allow-list has no stale entries', () => {
    const stale = REVIEWED.filter((r) => !suspects.some((s) => r.match.test(s.key))).map((r) => String(r.match));
    expect(stale).toEqual([]);
  });

  it('ids and secrets reject paths and URLs outright where the schema can say so', () => {
    for (const s of suspects.filter((x) => /moduleId$/.test(x.key))) expect(s.accepts, s.key).toEqual([]);
    const uri = suspects.filter((s) => s.key.endsWith('.uri'));
    expect(uri.length).toBeGreaterThan(0);
    for (const s of uri) expect(s.accepts, s.key).toEqual([]);
  });

  it('the three leaks of the security review are gone from the contract', () => {
    expect(OPERATIONS).not.toContain('files.importPath');
    const keys = leaves.map((l) => l.key);
    for (const k of ['tokens.slots:modulePath', 'tokens.modules:userPaths[]', 'upload.enqueue:url', 'pdf.sign:tsaUrl', 'pdf.signBatch:tsaUrl', 'files.hash:paths[]']) expect(keys).not.toContain(k);
    expect(keys.filter((k) => /modulePath/.test(k))).toEqual([]);
  });

  it('docs/ipc-security.md has a line for every operation that touches files, modules or the network', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/ipc-security.md'), 'utf8');
    const touching = OPERATIONS.filter((op) => /^(files|tokens|keys|pdf|bid|docs|upload|receipt|platforms|stats|trust|documents|diagnostics)\./.test(op));
    const missing = touching.filter((op) => !doc.includes(`\`${op}\``));
    expect(missing).toEqual([]);
  });
});
