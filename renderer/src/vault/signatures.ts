// Runs in the renderer and in Node tests. Handwritten signatures (手写签名) of a bidder's people: each a PNG
// (transparent, trimmed to the ink, drawn on the pad of components/signature) kept as an encrypted attachment
// of the bidder tagged `handwritten-signature` — so it is sealed, indexed and carried by backups exactly like
// a scan — and listed, newest first, in the person's `signatureIds`. The attachment's `addedAt` is when it was
// drawn. Scans lists leave these attachments out (isSignatureAttachment).
import { BidSealError } from '../../../shared/errors';
import type { Attachment, Person } from './model';
import type { Entry, Vault } from './vault';

export const SIGNATURE_TAG = 'handwritten-signature';
/** the signatures kept per person (older ones beyond are dropped when a new one is saved) */
export const MAX_SIGNATURES_PER_PERSON = 5;

export const isSignatureAttachment = (a: Entry<Attachment>): boolean => !!a.value?.tags.includes(SIGNATURE_TAG);

export interface StoredSignature {
  id: string;
  /** ISO time it was drawn */
  drawnAt: string;
  png: Uint8Array;
}

export interface PersonSignatures {
  personId: string;
  name: string;
  role: string;
  /** the bidder's legal representative (法定代表人): the person of the name in the company profile */
  legalRepresentative: boolean;
  signatures: StoredSignature[];
}

async function person(vault: Vault, personId: string): Promise<Person> {
  const e = await vault.get('personnel', personId);
  if (e.tampered) throw new BidSealError('E_VAULT_RECORD_TAMPERED', 'person');
  return e.value;
}

/**
 * Keeps a new signature for a person (the attachment first, then the person's list; a failure between the
 * two leaves an unlisted attachment, never a person pointing at nothing). `replaces`: the signature a
 * redraw replaces, removed once the new one is listed.
 */
export async function saveSignature(vault: Vault, bidderId: string, personId: string, png: Uint8Array, replaces?: string): Promise<string> {
  const p = await person(vault, personId);
  const drawnAt = new Date().toISOString();
  const id = await vault.addAttachment(bidderId, { name: `手写签名-${p.name}-${drawnAt.slice(0, 10)}.png`, mediaType: 'image/png', bytes: png, tags: [SIGNATURE_TAG] });
  const kept = p.signatureIds.filter((x) => x !== replaces);
  const next = [id, ...kept].slice(0, MAX_SIGNATURES_PER_PERSON);
  await vault.put('personnel', bidderId, { ...p, signatureIds: next }, personId);
  for (const old of [...(replaces ? [replaces] : []), ...kept.slice(MAX_SIGNATURES_PER_PERSON - 1)]) await vault.remove('attachments', old);
  return id;
}

/** Removes one signature of a person (from the list first, then its attachment). */
export async function deleteSignature(vault: Vault, bidderId: string, personId: string, signatureId: string): Promise<void> {
  const p = await person(vault, personId);
  await vault.put('personnel', bidderId, { ...p, signatureIds: p.signatureIds.filter((x) => x !== signatureId) }, personId);
  await vault.remove('attachments', signatureId);
}

/** Removes a person with their signatures. */
export async function deletePerson(vault: Vault, personId: string): Promise<void> {
  const e = await vault.get('personnel', personId);
  await vault.remove('personnel', personId);
  for (const id of e.value?.signatureIds ?? []) await vault.remove('attachments', id);
}

/** The signatures of one person, newest first, each checked against its SM3 (a damaged one is left out). */
export async function signaturesOf(vault: Vault, p: Person): Promise<StoredSignature[]> {
  const out: StoredSignature[] = [];
  for (const id of p.signatureIds) {
    try {
      const { meta, bytes } = await vault.readAttachment(id);
      out.push({ id, drawnAt: meta.addedAt, png: bytes });
    } catch {
      // a missing or tampered signature is not offered; the integrity report names it
    }
  }
  return out;
}

/** Every person of a bidder who has a signature, the legal representative first. */
export async function bidderSignatures(vault: Vault, bidderId: string): Promise<PersonSignatures[]> {
  const b = await vault.getBidder(bidderId);
  const legal = b.value?.legalRepresentative.trim() ?? '';
  const people = await vault.list('personnel', bidderId);
  const out: PersonSignatures[] = [];
  for (const e of people) {
    if (!e.value || e.value.signatureIds.length === 0) continue;
    const signatures = await signaturesOf(vault, e.value);
    if (signatures.length) out.push({ personId: e.id, name: e.value.name, role: e.value.role, legalRepresentative: !!legal && e.value.name.trim() === legal, signatures });
  }
  return out.sort((a, b) => Number(b.legalRepresentative) - Number(a.legalRepresentative) || a.name.localeCompare(b.name, 'zh-CN'));
}
