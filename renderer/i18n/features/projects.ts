// Pure data, kept as JSON for translators: the UI strings of the projects section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
import zh from '../zh-CN/projects.json';
import en from '../en-US/projects.json';

export type ProjectsMessages = typeof zh;

export default { zh, en: en satisfies ProjectsMessages };
