// Pure data, kept as JSON for translators: UI strings of the certificates page (my certificates, USB keys, key files, trusted CAs, the
// opening check), zh-CN first and en-US typed against it. Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/certificates.json';
import en from '../en-US/certificates.json';

export type CertificatesMessages = typeof zh;

export default { zh, en: en satisfies CertificatesMessages };
