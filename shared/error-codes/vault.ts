// Runs anywhere (pure). Error codes of the vault domain (资料库) with their zh-CN and en-US
// messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES. Messages never carry
// passphrases or record contents.
export const VAULT_ERRORS = {
  E_VAULT_LOCKED: { zh: '资料库已锁定，请先输入口令解锁', en: 'The vault is locked; unlock it with your passphrase first' },
  E_VAULT_NOT_CREATED: { zh: '资料库尚未创建，请先设置口令', en: 'No vault yet; set a passphrase to create one' },
  E_VAULT_ALREADY_EXISTS: { zh: '资料库已存在，不能重复创建', en: 'A vault already exists here' },
  E_VAULT_WRONG_PASSPHRASE: { zh: '口令错误，资料库未解锁', en: 'Wrong passphrase; the vault stays locked' },
  E_VAULT_WEAK_PASSPHRASE: { zh: '口令太弱：至少 8 个字符，且不能是常见口令、键盘序列或简单重复', en: 'Passphrase too weak: at least 8 characters, and not a common password, a keyboard sequence or a simple repetition' },
  E_VAULT_RECORD_TAMPERED: { zh: '该条资料完整性校验失败（可能被篡改或损坏），已拒绝显示', en: 'This record failed its integrity check (tampered or corrupted) and is not shown' },
  E_VAULT_RECORD_INVALID: { zh: '资料内容不符合格式要求', en: 'The record does not match the expected format' },
  E_VAULT_NOT_FOUND: { zh: '资料库中没有这条记录', en: 'No such record in the vault' },
  E_VAULT_BIDDER_REQUIRED: { zh: '请先选择或新建投标人', en: 'Choose or create a bidder first' },
  E_VAULT_INVALID_USCC: { zh: '统一社会信用代码无效（GB 32100 校验位不符）', en: 'Invalid unified social credit code (GB 32100 check character)' },
  E_VAULT_BACKUP_CORRUPT: { zh: '备份文件损坏或不是 BidSeal 资料库备份', en: 'The backup file is corrupt or not a BidSeal vault backup' },
  E_VAULT_BACKUP_WRONG_PASSPHRASE: { zh: '备份口令错误', en: 'Wrong backup passphrase' },
  E_VAULT_BACKUP_UNSUPPORTED: { zh: '不支持的备份文件版本', en: 'Unsupported backup format version' },
  E_VAULT_IMPORT_FAILED: { zh: '导入失败，资料库保持导入前的状态', en: 'Import failed; the vault is exactly as it was before' },
  E_VAULT_SCHEMA_TOO_NEW: { zh: '资料库由更新版本的 BidSeal 创建，请升级后再打开', en: 'The vault was written by a newer BidSeal; upgrade to open it' },
  E_VAULT_KDF_OUT_OF_BOUNDS: { zh: '口令派生参数超出 BidSeal 写入的范围（文件可能被篡改），未尝试解密', en: 'The key-derivation parameters exceed what BidSeal writes (the file may have been crafted); nothing was decrypted' },
  E_VAULT_INTEGRITY: { zh: '资料库完整性校验失败：有记录被删除、回退到旧版本或设置被篡改', en: 'Vault integrity check failed: a record was deleted or rolled back to an older version, or a setting was tampered with' },
  E_DOC_TEMPLATE_FIELDS: { zh: '生成文件所需的资料不完整', en: 'Some data needed for this document is missing' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
