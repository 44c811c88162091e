// Pure data: the UI strings of the documents section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '文档签章',
  subtitle: '导入投标文件 PDF，在指定位置加盖电子印章并进行数字签名（SM2/SM3）。',
  emptyTitle: '还没有待签章的文档',
  emptyDescription: '导入投标函、报价文件、技术文件等 PDF 后，可逐页放置印章，一批文档只需输入一次 USB Key 的 PIN 码即可全部签章。',
  importPdf: '导入 PDF',
  sealTypesTitle: '支持的印章类型',
  sealTypes: {
    company: { name: '公章', content: '企业电子公章，加盖在投标函、承诺书等需要单位盖章的位置。' },
    legalRep: { name: '法人章', content: '法定代表人电子签章，用于需要法定代表人签字或盖章的页面。' },
    paging: { name: '骑缝章', content: '跨页加盖在文档页边，防止投标文件页面被替换或抽换。' },
  },
  batchTitle: '批量签章，一次输入 PIN',
  batchContent: '同一批次的全部文档共用一次 PIN 验证；PIN 只在 USB Key 内校验，BidSeal 不保存、不记录 PIN。',
};

export type DocumentsMessages = typeof zh;

const en: DocumentsMessages = {
  title: 'Documents & signing',
  subtitle: 'Import the bid PDFs, place electronic seals where required and sign them digitally (SM2/SM3).',
  emptyTitle: 'No documents to sign yet',
  emptyDescription: 'Import the bid letter, price schedule, technical proposal and other PDFs, place seals page by page, then sign the whole batch with a single USB key PIN entry.',
  importPdf: 'Import PDFs',
  sealTypesTitle: 'Seal types',
  sealTypes: {
    company: { name: 'Company seal (公章)', content: 'The company\'s electronic seal, placed on the bid letter, undertakings and other pages the company must stamp.' },
    legalRep: { name: 'Legal representative seal (法人章)', content: 'The legal representative\'s electronic seal, for pages that need their signature or stamp.' },
    paging: { name: 'Cross-page seal (骑缝章)', content: 'Stamped across the page edges so that no page of the bid can be swapped or removed.' },
  },
  batchTitle: 'Sign a batch with one PIN',
  batchContent: 'All documents in a batch share one PIN verification. The PIN is checked inside the USB key; BidSeal never stores or logs it.',
};

export default { zh, en };
