// Runs anywhere (pure). Error codes of the document store with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const FILES_ERRORS = {
  E_IMPORT_UNKNOWN: { zh: '导入会话不存在或已过期，请重新导入该文件', en: 'The import session does not exist or has expired; import the file again' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
