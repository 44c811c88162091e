// Runs anywhere (pure). Error codes of the bid domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const BID_ERRORS = {
  E_BID_HISTORY_CORRUPT: { zh: '投标文件生成记录已损坏，未做任何改动；请将该文件移走或从备份恢复后重试', en: 'The bid generation history is corrupt; nothing was changed. Move the file away or restore it from a backup, then retry' },
  E_BID_RECORD_NOT_FOUND: { zh: '未找到该投标文件生成记录', en: 'No such bid generation record' },
  E_BID_PREFLIGHT_FAILED: { zh: '生成前检查未通过，未生成投标文件', en: 'The pre-flight checks failed; no bid was sealed' },
  E_BID_NO_BIDDER_RECIPIENT: { zh: '未包含投标人自己的加密证书，无法自行解密核验', en: "The bidder's own encryption certificate is not among the recipients; the bidder could not open the bid to check it" },
  E_BID_TOO_LARGE: { zh: '投标文件超出平台允许的大小', en: 'The sealed bid exceeds the size the platform accepts' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
