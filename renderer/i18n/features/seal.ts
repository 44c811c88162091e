// Pure data, kept as JSON for translators: the UI strings of the seal section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/seal.json';
import en from '../en-US/seal.json';

export type SealMessages = typeof zh;

export default { zh, en: en satisfies SealMessages };
