// Pure data, kept as JSON for translators: the UI strings of the documents section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/documents.json';
import en from '../en-US/documents.json';

export type DocumentsMessages = typeof zh;

export default { zh, en: en satisfies DocumentsMessages };
