// Runs anywhere (pure). Error codes of the document store with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const FILES_ERRORS = {
  E_IMPORT_UNKNOWN: { zh: '导入会话不存在或已过期，请重新导入该文件', en: 'The import session does not exist or has expired; import the file again' },
  E_FILE_NOT_FOUND: { zh: '文件不存在', en: 'File not found' },
  E_FILE_READ: { zh: '读取文件失败', en: 'Could not read the file' },
  E_FILE_WRITE: { zh: '写入文件失败，原文件未改动', en: 'Could not write the file; nothing was changed' },
  E_DISK_FULL: { zh: '磁盘空间不足，未写入任何输出', en: 'Disk full; no output was written' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
