// Pure data, kept as JSON for translators: the UI strings of handwritten signatures (手写签名) — the pad, a person's signatures in the vault,
// the choice of a signature on the documents page — zh-CN first and en-US typed against it. Joined into
// renderer/i18n/zh-CN.ts and en-US.ts under `signature`.
import zh from '../zh-CN/signature.json';
import en from '../en-US/signature.json';

export type SignatureMessages = typeof zh;

export default { zh, en: en satisfies SignatureMessages };
