// Pure data: the UI strings of the vault section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '资料库',
  subtitle: '集中管理投标常用的企业资料，制作投标文件时直接引用，避免重复扫描与录入。',
  encryptedAlert: '资料库保存在本机并加密存储，不会上传到任何云端服务；只有在您生成投标文件时才会被引用。',
  emptyTitle: '资料库还是空的',
  emptyDescription: '建议先录入企业基本信息，再依次添加资质证书、人员与业绩。',
  add: '添加资料',
  itemCount: '{{count}} 项',
  categories: {
    company: { name: '企业基本信息', content: '营业执照、统一社会信用代码、法定代表人、注册资本、开户银行等。' },
    qualifications: { name: '资质证书', content: '资质等级证书、安全生产许可证、体系认证等，含有效期提醒。' },
    staff: { name: '人员', content: '项目经理、注册建造师、技术负责人及其证书、社保证明。' },
    pastProjects: { name: '业绩', content: '类似项目业绩：中标通知书、合同、竣工验收证明。' },
    scans: { name: '扫描件', content: '原件扫描件与图片，统一整理、按需插入投标文件。' },
  },
};

export type VaultMessages = typeof zh;

const en: VaultMessages = {
  title: 'Vault',
  subtitle: 'Company data you use in every bid, kept in one place and reused without rescanning or retyping.',
  encryptedAlert: 'The Vault lives on this computer and is encrypted at rest. It is never uploaded to a cloud service and is used only when you build a bid.',
  emptyTitle: 'Your Vault is empty',
  emptyDescription: 'Start with your company facts, then add qualifications, staff and past projects.',
  add: 'Add data',
  itemCount: '{{count}} items',
  categories: {
    company: { name: 'Company facts', content: 'Business licence, unified social credit code, legal representative, registered capital, bank account.' },
    qualifications: { name: 'Qualifications (资质)', content: 'Qualification grade certificates, safety production licence, ISO certifications, with expiry reminders.' },
    staff: { name: 'Staff', content: 'Project managers, registered constructors, technical leads, their certificates and social insurance records.' },
    pastProjects: { name: 'Past projects (业绩)', content: 'Comparable projects: notices of award, contracts, completion acceptance certificates.' },
    scans: { name: 'Scans', content: 'Scans and photos of originals, organised and inserted into bids as needed.' },
  },
};

export default { zh, en };
