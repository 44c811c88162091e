// Pure data, kept as JSON for translators: the UI strings of the platforms section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/platforms.json';
import en from '../en-US/platforms.json';

export type PlatformsMessages = typeof zh;

export default { zh, en: en satisfies PlatformsMessages };
