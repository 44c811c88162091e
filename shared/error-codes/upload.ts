// Runs anywhere (pure). Error codes of the upload domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const UPLOAD_ERRORS = {
  E_RECEIPT_INVALID: { zh: '回执无效：格式错误或签名验证失败', en: 'Invalid receipt: malformed or the signature does not verify' },
  E_RECEIPT_WRONG_SIGNER: { zh: '回执不是由该平台的回执证书签发的', en: "The receipt was not signed with the platform's receipt certificate" },
  E_RECEIPT_MISMATCH: { zh: '回执与投标文件不符（哈希或大小不同）', en: 'The receipt does not match the bid file (hash or size differs)' },
  E_UPLOAD_DEADLINE_PASSED: { zh: '已过投标截止时间，BidSeal 未发送投标文件（由本机拦截，未提交到平台）', en: 'The bid deadline has passed; BidSeal did not send the bid (stopped on this computer, nothing reached the platform)' },
  E_UPLOAD_DUPLICATE: { zh: '平台已收到相同的投标文件（按哈希识别），沿用首次上传的回执', en: 'The platform already holds this bid file (same hash); its first receipt stands' },
  E_UPLOAD_REJECTED: { zh: '平台拒绝了该投标文件', en: 'The platform rejected the bid file' },
  E_UPLOAD_CHECKSUM_MISMATCH: { zh: '平台收到的文件与本地文件的哈希不一致，已作废本次上传', en: 'The file the platform received does not match the local hash; the upload was discarded' },
  E_UPLOAD_ENVELOPE_INVALID: { zh: '投标文件不是有效的数字信封，或未加密给该平台', en: 'The bid file is not a valid digital envelope, or is not encrypted to this platform' },
  E_UPLOAD_TOO_LARGE: { zh: '文件超过平台允许的大小', en: 'The file exceeds the size the platform accepts' },
  E_UPLOAD_NETWORK: { zh: '网络连接失败，稍后将自动重试', en: 'Network failure; the upload will be retried' },
  E_UPLOAD_NO_ENDPOINT: { zh: '该平台没有可用的上传接口，请在平台网页上传', en: 'This platform has no upload endpoint; upload through its own web page' },
  E_UPLOAD_NOT_FOUND: { zh: '上传任务不存在', en: 'No such upload' },
  E_UPLOAD_FILE_CHANGED: { zh: '待上传的文件在加入发件箱后被修改，请重新加入', en: 'The file changed after it was queued; queue it again' },
  E_UPLOAD_BUSY: { zh: '该上传任务正在进行', en: 'This upload is already running' },
  E_PORTAL_TOO_LARGE: { zh: '密封后的投标文件超过该平台网页允许的文件大小，未生成递交文件', en: "The sealed bid exceeds the size the platform's web portal accepts; no hand-in copy was written" },
  E_PORTAL_RECEIPT_INVALID: { zh: '所选文件不是有效的 PDF 或 PNG/JPG 图片（格式错误或已损坏），未附加', en: 'The chosen file is not a valid PDF or PNG/JPEG image (malformed or damaged); nothing was attached' },
  E_PORTAL_NO_URL: { zh: '平台目录中没有该平台的网页递交地址（待确认），请从平台发布的须知中找到入口', en: "The platform directory has no web portal address for this platform (to be confirmed); find it in the platform's own instructions" },
  E_PORTAL_COPY_MISMATCH: { zh: '写出的递交文件与密封后的投标文件哈希不一致，已删除，请重试', en: 'The hand-in copy written does not match the sealed bid (hash differs); it was removed, try again' },
  E_PORTAL_HAS_ENDPOINT: { zh: '该平台支持 BidSeal 直接上传，请使用发件箱上传并获取经验证的回执', en: 'BidSeal uploads to this platform directly; use the outbox to get a verified receipt' },
  E_OPENING_FAILED: { zh: '开标解密或验签失败', en: 'Opening failed: decryption or signature verification' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
