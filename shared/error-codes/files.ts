// Runs anywhere (pure). Error codes of the document store with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const FILES_ERRORS = {
  E_FILE_NAME_INVALID: { zh: '文件名不能为空', en: 'The file name cannot be empty' },
  E_PDF_IMPORT_DAMAGED: { zh: '该 PDF 文件已损坏或不完整，无法打开，未导入文档库（请从原处重新导出或下载后再导入）', en: 'This PDF is damaged or incomplete and cannot be opened; it was not added to the library (export or download it again, then import it)' },
  E_PDF_IMPORT_NOT_PDF: { zh: '该文件扩展名为 .pdf，但内容不是 PDF，未导入文档库', en: 'This file is named .pdf but its content is not a PDF; it was not added to the library' },
  E_IMPORT_UNKNOWN: { zh: '导入会话不存在或已过期，请重新导入该文件', en: 'The import session does not exist or has expired; import the file again' },
  E_FILE_NOT_FOUND: { zh: '文件不存在', en: 'File not found' },
  E_FILE_READ: { zh: '读取文件失败', en: 'Could not read the file' },
  E_FILE_WRITE: { zh: '写入文件失败，原文件未改动', en: 'Could not write the file; nothing was changed' },
  E_DISK_FULL: { zh: '磁盘空间不足，未写入任何输出', en: 'Disk full; no output was written' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
