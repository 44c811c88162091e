// Runs anywhere (pure). Error codes of the bid workspace (projects, diagnostics, conversions) with
// their zh-CN and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const WORKSPACE_ERRORS = {
  E_PROJECT_NOT_FOUND: { zh: '投标项目不存在', en: 'Bid project not found' },
  E_PROJECT_DAMAGED: { zh: '投标项目文件已损坏', en: 'The bid project file is damaged' },
  E_PROJECT_CHANGED: { zh: '该投标项目已在别处修改，请刷新后重试', en: 'The bid project was changed elsewhere; reload it and try again' },
  E_LIBREOFFICE_MISSING: { zh: '未安装 LibreOffice，无法将 Word 文档转换为 PDF（请安装 LibreOffice 或先自行另存为 PDF）', en: 'LibreOffice is not installed, so Word documents cannot be converted to PDF (install LibreOffice or save as PDF first)' },
  E_CONVERSION_FAILED: { zh: '文档转换为 PDF 失败', en: 'Converting the document to PDF failed' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
