// Pure data: the UI strings of the seal section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '密封加密',
  subtitle: '先签名、后加密：将已签章的投标文件按交易平台指定的接收方证书封装为数字信封。',
  emptyTitle: '还没有待密封的投标文件',
  emptyDescription: '在“文档签章”中完成签章后，投标文件会出现在这里。密封前 BidSeal 会逐项进行递交前检查，并在本机保留一份加密备份。',
  start: '开始密封',
  preflightTitle: '递交前检查',
  preflightHint: '以下检查会在每次密封前自动执行，任何一项不通过都不会生成数字信封。',
  checkColumn: '检查项',
  descriptionColumn: '说明',
  statusColumn: '状态',
  statusPending: '待执行',
  checks: {
    certValidAtOpening: { name: '证书在开标时间仍有效', content: '签名证书与加密证书的有效期需覆盖开标时间，避免开标时无法解密。' },
    signaturesVerified: { name: '签章与签名验证通过', content: '逐一验证文档中的印章与数字签名，确认签名后内容未被修改。' },
    recipientsFromDirectory: { name: '接收方证书来自平台目录', content: '数字信封的接收方证书取自已验签的交易平台目录数据。' },
    digest: { name: '文件摘要（SM3）', content: '计算并记录每个文件的 SM3 摘要，用于核对上传结果。' },
    backup: { name: '生成备份副本', content: '在本机另存一份密封后的投标文件，防止上传失败或文件丢失。' },
  },
  backupAlert: '密封后的投标文件只能由接收方证书解密。请妥善保管本机备份副本，直至开标结束。',
};

export type SealMessages = typeof zh;

const en: SealMessages = {
  title: 'Seal & encrypt',
  subtitle: 'Sign first, then encrypt: the signed bid is sealed in a digital envelope for the recipient certificates the platform designates.',
  emptyTitle: 'No bids ready to seal',
  emptyDescription: 'Bids appear here once they are signed in Documents & signing. Before sealing, BidSeal runs the pre-flight checks below and keeps an encrypted backup copy on this computer.',
  start: 'Seal bid',
  preflightTitle: 'Pre-flight checks',
  preflightHint: 'These checks run automatically before every seal; no envelope is produced unless all of them pass.',
  checkColumn: 'Check',
  descriptionColumn: 'What it verifies',
  statusColumn: 'Status',
  statusPending: 'Pending',
  checks: {
    certValidAtOpening: { name: 'Certificate valid at opening time', content: 'The signing and encryption certificates must still be valid at the bid opening time, or the bid cannot be decrypted.' },
    signaturesVerified: { name: 'Seals and signatures verify', content: 'Every seal and signature is verified, confirming nothing changed after signing.' },
    recipientsFromDirectory: { name: 'Recipients from the platform directory', content: 'Recipient certificates come from the verified, signed platform directory.' },
    digest: { name: 'File digests (SM3)', content: 'The SM3 digest of every file is computed and recorded to check the upload against.' },
    backup: { name: 'Backup copy', content: 'A copy of the sealed bid is kept on this computer in case the upload fails or a file is lost.' },
  },
  backupAlert: 'A sealed bid can only be decrypted with the recipient certificates. Keep the local backup copy until bid opening is over.',
};

export default { zh, en };
