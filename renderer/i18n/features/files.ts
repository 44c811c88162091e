// Pure data, kept as JSON for translators: UI strings of the document store widgets (drop zone, picker, import progress), zh-CN
// first and en-US typed against it. Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/files.json';
import en from '../en-US/files.json';

export type FilesMessages = typeof zh;

export default { zh, en: en satisfies FilesMessages };
