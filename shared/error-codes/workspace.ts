// Runs anywhere (pure). Error codes of the bid workspace (projects, diagnostics, conversions) with
// their zh-CN and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const WORKSPACE_ERRORS = {
  E_PROJECT_NOT_FOUND: { zh: '投标项目不存在', en: 'Bid project not found' },
  E_PROJECT_DAMAGED: { zh: '投标项目文件已损坏', en: 'The bid project file is damaged' },
  E_PROJECT_CHANGED: { zh: '该投标项目已在别处修改，请刷新后重试', en: 'The bid project was changed elsewhere; reload it and try again' },
  E_LIBREOFFICE_MISSING: { zh: '未安装 LibreOffice，无法将 Word 文档转换为 PDF（请安装 LibreOffice 或先自行另存为 PDF）', en: 'LibreOffice is not installed, so Word documents cannot be converted to PDF (install LibreOffice or save as PDF first)' },
  E_CONVERSION_FAILED: { zh: '文档转换为 PDF 失败', en: 'Converting the document to PDF failed' },
  E_TENDER_DOC_LEGACY: { zh: '无法读取 Word 97-2003（.doc）或 WPS 格式的招标文件，请在 Word 或 WPS 中另存为 .docx 或 PDF 后再导入', en: 'Word 97-2003 (.doc) and WPS files cannot be read; save the tender document as .docx or PDF in Word or WPS and import that' },
  E_TENDER_UNSUPPORTED: { zh: '招标文件须为 PDF 或 Word（.docx）格式', en: 'The tender document must be a PDF or a Word (.docx) file' },
  E_TENDER_DOCX_CORRUPT: { zh: 'Word 文档已损坏或不是 .docx 文件', en: 'The Word document is damaged or not a .docx file' },
  E_TENDER_DOCX_TOO_LARGE: { zh: 'Word 文档解压后过大，已拒绝读取（可能是恶意构造的文件）', en: 'The Word document expands to more than BidSeal reads; it was refused (it may be a hostile file)' },
  E_TENDER_NO_TEXT: { zh: '招标文件中没有可读取的文字（可能是扫描件），请使用平台下载的原始电子版', en: 'The tender document has no readable text (it may be a scan); use the electronic original from the platform' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
