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
  E_OPENING_FAILED: { zh: '开标解密或验签失败', en: 'Opening failed: decryption or signature verification' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
