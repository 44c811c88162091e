// Runs anywhere (pure). A platform the user adds (one not in the signed directory, or a platform's
// newer certificate before the directory carries it): its name, its encryption certificate(s), its
// upload endpoint and envelope profile. The certificates are checked here (parse, not a CA, not a
// signing-only certificate, not expired) so that a bid is never sealed to a certificate nobody can
// use; the result is an ordinary PlatformProfile with source 'user'.
import { z } from 'zod';
import { BidSealError, isBidSealError } from '../errors';
import { parseCertificates, type CertificateSummary } from '../pki/certificate';
import { pemEncode } from '../asn1';
import { BusinessType, EnvelopeProfile, PlatformProfile } from './profile';
import { isAllowedUploadEndpoint } from './endpoint';

/** PEM text, or base64 of DER, of one certificate */
const CertText = z.string().min(1).max(30_000);

export const CustomPlatformInput = z
  .object({
    name: z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().max(200).optional() }),
    region: z.string().trim().max(100).optional(),
    website: z.url().optional(),
    /** https, or http to this computer (the reference platform): shared/platforms/endpoint.ts */
    endpoint: z.url().max(2000).refine(isAllowedUploadEndpoint, 'https URL (http only to this computer)').optional(),
    maxBytes: z.number().int().positive().max(2 ** 48).optional(),
    encryptionCertificates: z.array(CertText).max(8).default([]),
    receiptCertificate: CertText.optional(),
    envelope: EnvelopeProfile.partial().optional(),
    businessTypes: z.array(BusinessType).max(8).default([]),
    notes: z.string().max(4000).optional(),
  })
  .strict();
export type CustomPlatformInput = z.input<typeof CustomPlatformInput>;

function oneCertificate(text: string, what: string): CertificateSummary {
  let certs: CertificateSummary[];
  try {
    const t = text.trim();
    certs = parseCertificates(t.includes('-----BEGIN') ? t : Uint8Array.from(atob(t.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
  } catch (e) {
    throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', `${what}: not a certificate (${isBidSealError(e) ? e.message : 'unreadable'})`);
  }
  if (certs.length !== 1) throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', `${what}: expected one certificate, found ${certs.length}`);
  return certs[0];
}

/** Validates the user's input and builds the profile. `now` decides expiry; `id` is chosen by the caller. */
export function buildCustomProfile(input: CustomPlatformInput, id: string, now: Date = new Date()): PlatformProfile {
  const parsed = CustomPlatformInput.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', `${i?.path.join('.') || 'input'}: ${i?.message ?? 'invalid'}`);
  }
  const p = parsed.data;
  const recipients = p.encryptionCertificates.map((text, i) => {
    const c = oneCertificate(text, `encryption certificate ${i + 1}`);
    if (c.role === 'ca') throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', `encryption certificate ${i + 1} is a CA certificate, not the platform's encryption certificate`);
    if (c.role === 'signing') throw new BidSealError('E_CERT_NOT_FOR_ENCRYPTION', `encryption certificate ${i + 1} (${c.commonName || c.serialNumber}) is a signing certificate`);
    if (c.notAfter.getTime() < now.getTime()) throw new BidSealError('E_CERT_EXPIRED', `encryption certificate ${i + 1} (${c.commonName || c.serialNumber}) expired ${c.notAfter.toISOString()}`);
    return { role: 'platform' as const, label: c.commonName || `certificate ${c.serialNumber}`, certificatePem: pemEncode('CERTIFICATE', c.der) };
  });
  const envelope = EnvelopeProfile.parse(p.envelope ?? {});
  if (recipients.length === 0 && !envelope.includeBidderRecipient)
    throw new BidSealError('E_PLATFORM_CUSTOM_INVALID', 'no platform encryption certificate and the bidder is not a recipient: nobody could open the bid');
  const receiptPem = p.receiptCertificate ? pemEncode('CERTIFICATE', oneCertificate(p.receiptCertificate, 'receipt certificate').der) : undefined;
  const region = p.region ?? '';
  return PlatformProfile.parse({
    id,
    name: { zh: p.name.zh, en: p.name.en || p.name.zh },
    region: { zh: region, en: region },
    kind: 'other',
    ...(p.website ? { website: p.website } : {}),
    businessTypes: p.businessTypes,
    envelope,
    recipients,
    upload: { ...(p.endpoint ? { endpoint: p.endpoint } : {}), ...(p.maxBytes ? { maxBytes: p.maxBytes } : {}), ...(receiptPem ? { receiptCertificatePem: receiptPem } : {}) },
    ...(p.notes ? { notes: { zh: p.notes, en: p.notes } } : {}),
    source: 'user',
  });
}
