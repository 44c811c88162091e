// Pure data, kept as JSON for translators: the UI strings of the upload section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/upload.json';
import en from '../en-US/upload.json';

export type UploadMessages = typeof zh;

export default { zh, en: en satisfies UploadMessages };
