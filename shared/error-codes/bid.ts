// Runs anywhere (pure). Error codes of the bid domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const BID_ERRORS = {
  E_BID_HISTORY_CORRUPT: { zh: '投标文件生成记录已损坏，未做任何改动；请将该文件移走或从备份恢复后重试', en: 'The bid generation history is corrupt; nothing was changed. Move the file away or restore it from a backup, then retry' },
  E_BID_RECORD_NOT_FOUND: { zh: '未找到该投标文件生成记录', en: 'No such bid generation record' },
  E_BID_PREFLIGHT_FAILED: { zh: '生成前检查未通过，未生成投标文件', en: 'The pre-flight checks failed; no bid was sealed' },
  E_BID_NO_BIDDER_RECIPIENT: { zh: '未包含投标人自己的加密证书，无法自行解密核验', en: "The bidder's own encryption certificate is not among the recipients; the bidder could not open the bid to check it" },
  E_BID_TOO_LARGE: { zh: '投标文件超出平台允许的大小', en: 'The sealed bid exceeds the size the platform accepts' },
  // packages, envelopes and custody
  E_ZIP_CORRUPT: { zh: '投标文件包（ZIP）结构损坏', en: 'The bid package (ZIP) is corrupt' },
  E_BID_MANIFEST_INVALID: { zh: '投标文件清单（manifest.json）缺失或无效', en: 'The bid manifest (manifest.json) is missing or invalid' },
  E_BID_PACKAGE_INVALID: { zh: '投标文件包校验失败：文件与清单或签名不符，未输出任何文件', en: 'The bid package failed verification (files, manifest or signature); nothing was written' },
  E_BID_WORKER_FAILED: { zh: '后台计算线程出错，操作已中止，未留下任何输出文件；请重试', en: 'A background worker of sealing or opening failed; the operation stopped and left no output. Retry' },
  E_BID_SELF_CHECK_FAILED: { zh: '投标文件生成后自检失败，已删除输出', en: 'The sealed bid failed its self-check; the output was removed' },
  E_CUSTODY_INSUFFICIENT: { zh: '共管解密所需的密钥份额不足，仍需其他保管方', en: 'Not enough custody key shares to open; other custodians are still needed' },
  E_CUSTODY_SHARE_INVALID: { zh: '密钥份额无效或被篡改', en: 'A custody key share is invalid or was tampered with' },
  E_NOT_A_RECIPIENT: { zh: '当前证书不是该数字信封的接收者', en: 'This certificate is not a recipient of the envelope' },
  E_CERT_NOT_FOR_ENCRYPTION: { zh: '该证书的密钥用法不允许加密（可能是签名证书），请使用加密证书', en: 'This certificate may not be used for encryption (probably a signing certificate); use the encryption certificate' },
  E_ENVELOPE_CORRUPT: { zh: '数字信封结构损坏，无法解析', en: 'The envelope is corrupt and cannot be parsed' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
