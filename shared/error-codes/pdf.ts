// Runs anywhere (pure). Error codes of the pdf domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const PDF_ERRORS = {
  // RFC 3161 timestamps and seal fonts
  E_TSA_UNREACHABLE: { zh: '无法连接时间戳服务器（TSA）或其未及时响应', en: 'The timestamp server (TSA) could not be reached or did not answer in time' },
  E_TSA_REJECTED: { zh: '时间戳服务器拒绝了请求', en: 'The timestamp server rejected the request' },
  E_TSA_BAD_RESPONSE: { zh: '时间戳服务器的响应无效（格式、摘要、随机数或签名不符）', en: 'The timestamp server sent an invalid response (format, imprint, nonce or signature)' },
  E_FONT_UNAVAILABLE: { zh: '签章文字所需的字体不可用或缺少字符', en: 'The font for the seal text is unavailable or lacks some characters' },
  // signing from the UI
  E_PDF_NOT_PDF: { zh: '该文档不是 PDF 文件', en: 'This document is not a PDF file' },
  E_PDF_PLACEMENT_INVALID: { zh: '印章位置无效：请检查页码、印章图片与位置', en: 'Invalid seal placement: check the page, the seal image and the position' },
  E_PDF_SEAL_IMAGE: { zh: '印章图片无效：请使用带透明背景的 PNG 或 JPEG 图片', en: 'Invalid seal image: use a PNG with a transparent background or a JPEG' },
  // reading encrypted PDFs (standard security handler) for verification
  E_PDF_PASSWORD: { zh: 'PDF 文件已加密，所给密码无法打开（请输入文档的打开密码）', en: 'The PDF is encrypted and the password given does not open it (enter the document’s open password)' },
  E_PDF_NO_PLACEMENTS: { zh: '请至少放置一个印章或选择不可见签名', en: 'Place at least one seal or choose an invisible signature' },
  E_PDF_CROSS_PAGE_ONE_PAGE: { zh: '骑缝章需要至少两页，该文档只有一页', en: 'A cross-page seal needs at least two pages; this document has one' },
  // seals placed by the document's words
  E_PDF_TEXT_UNREADABLE: { zh: '无法读取该 PDF 的文字（可能是扫描件或文件已损坏），请手动放置印章', en: 'The text of this PDF cannot be read (a scan, or a damaged file); place the seals by hand' },
  E_PDF_PLACES_ALL_SEALED: { zh: '文档中每个需要盖章的位置都已盖章', en: 'Every place in the document that asks for a seal already has one' },
  E_PDF_TEXT_NOT_FOUND: { zh: '文档中没有找到需要盖章的文字', en: 'None of the phrases that ask for a seal was found in the document' },
  // PDF structure and signatures
  E_PDF_CORRUPT: { zh: 'PDF 文件已损坏，无法解析', en: 'The PDF file is corrupt and cannot be parsed' },
  E_PDF_ENCRYPTED: { zh: 'PDF 文件已加密，暂不支持签署加密文档', en: 'The PDF is encrypted; signing encrypted PDFs is not supported' },
  E_PDF_UNSUPPORTED: { zh: '不支持的 PDF 结构', en: 'Unsupported PDF structure' },
  E_PDF_SIGNATURE_SPACE: { zh: '签名数据超出预留空间', en: 'The signature does not fit in the space reserved for it' },
  E_PDF_SIGNATURE_INVALID: { zh: 'PDF 签名结构无效', en: 'The PDF signature structure is invalid' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
