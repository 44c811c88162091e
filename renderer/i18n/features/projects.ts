// Pure data: the UI strings of the projects section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '投标项目',
  subtitle: '每个招标项目对应一个投标项目：所属交易平台、标段、投标截止时间与开标时间，以及应提交材料清单。',
  pathTitle: '投标流程',
  pathSteps: {
    prepare: { title: '准备', content: '从资料库组织投标文件，对照材料清单逐项核对' },
    sign: { title: '签章', content: '加盖电子公章、法人章、骑缝章并进行数字签名' },
    seal: { title: '密封', content: '签名后加密为数字信封，生成本地备份' },
    upload: { title: '递交', content: '在截止时间前上传到交易平台并保存回执' },
  },
  emptyTitle: '还没有投标项目',
  emptyDescription: '新建投标项目时，选择交易平台并填写招标项目编号、标段、投标截止时间与开标时间，BidSeal 会据此生成应提交材料清单，并在截止前提醒您。',
  create: '新建投标项目',
  firstSteps: {
    certificates: { title: '确认 CA 数字证书可用', content: '插入 USB Key 或导入 PKCS#12 证书文件，检查有效期是否覆盖开标时间。' },
    vault: { title: '录入企业资料', content: '在资料库中维护营业执照、资质证书、人员与业绩，投标时直接引用。' },
    platforms: { title: '确认交易平台', content: '查看参与 CA 数字证书跨区域互认的交易平台目录。' },
  },
};

export type ProjectsMessages = typeof zh;

const en: ProjectsMessages = {
  title: 'Bid projects',
  subtitle: 'One bid project per tender: its trading platform, lots, bid deadline and bid opening time, and the checklist of documents to submit.',
  pathTitle: 'The bid path',
  pathSteps: {
    prepare: { title: 'Prepare', content: 'Assemble the bid from your Vault and tick off the document checklist' },
    sign: { title: 'Sign', content: 'Place the company seal, legal representative seal and cross-page seal, and sign' },
    seal: { title: 'Seal', content: 'Encrypt the signed bid into a digital envelope and keep a local backup' },
    upload: { title: 'Submit', content: 'Upload to the platform before the deadline and keep the receipt' },
  },
  emptyTitle: 'No bid projects yet',
  emptyDescription: 'When you create a bid project you choose the trading platform and enter the tender number, lots, bid deadline and opening time; BidSeal derives the checklist of required documents and reminds you before the deadline.',
  create: 'New bid project',
  firstSteps: {
    certificates: { title: 'Check your CA certificate', content: 'Insert your USB key or import a PKCS#12 file and check that it is valid at the bid opening time.' },
    vault: { title: 'Enter your company data', content: 'Keep your business licence, qualifications, staff and past projects in the Vault and reuse them in every bid.' },
    platforms: { title: 'Review the platforms', content: 'See the trading platforms that accept one CA certificate across regions.' },
  },
};

export default { zh, en };
