// Pure data: the UI strings of the upload section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '上传',
  subtitle: '将密封后的投标文件递交到交易平台：支持断点续传，递交成功后保存平台回执。',
  outbox: '发件箱',
  uploading: '上传中',
  receipts: '已获回执',
  items: '份',
  emptyTitle: '发件箱为空',
  emptyDescription: '密封完成的投标文件会进入发件箱。网络中断后可从断点继续上传；平台确认接收后，BidSeal 会保存带签名的递交回执，作为按时递交的凭证。',
  openOutbox: '打开发件箱',
  deadlineAlert: '请预留充足的上传时间：投标截止时间以交易平台服务器时间为准，逾期将无法递交。',
};

export type UploadMessages = typeof zh;

const en: UploadMessages = {
  title: 'Upload',
  subtitle: 'Submit sealed bids to the trading platform, with resumable uploads and the platform\'s receipt kept on file.',
  outbox: 'Outbox',
  uploading: 'Uploading',
  receipts: 'Receipts',
  items: '',
  emptyTitle: 'The outbox is empty',
  emptyDescription: 'Sealed bids wait in the outbox. An interrupted upload resumes where it stopped; once the platform accepts the bid, BidSeal keeps its signed receipt as proof of on-time submission.',
  openOutbox: 'Open outbox',
  deadlineAlert: 'Leave enough time to upload: the bid deadline follows the platform server\'s clock and late bids cannot be submitted.',
};

export default { zh, en };
