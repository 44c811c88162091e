// Runs in Node. The Chinese summaries of the `bidseal` commands, by command path, for `--help` under
// LANG=zh_CN.UTF-8 or BIDSEAL_LANG=zh (framework.ts helpText). Option details stay as written: they name
// flags and formats; the summaries and headings are what a bidder reads first.
export const SUMMARY_ZH: Record<string, string> = {
  '': 'BidSeal 投标密封 — 签章、密封（签名并加密）、上传电子投标文件',
  sign: '对文件做分离式 CMS 签名（.p7s），使用 USB Key 或证书文件',
  verify: '验证文件的分离式 CMS 签名（.p7s）（0 = 完好，1 = 不完好）',
  pdf: 'PDF 签章：签章、批量签章、验证、检查漏盖章',
  'pdf sign': 'PDF 签章（可见印章、每页印章、骑缝章、按文字盖章或不可见签名）',
  'pdf sign-batch': '批量签章：一次输入 PIN，多个 PDF 依次签章（失败的单独报告，其余继续）',
  'pdf verify': '列出并验证 PDF 中的数字签名',
  'pdf check-seals': '列出文档文字要求盖章（（盖单位章）、（签字或盖章）等）但尚未盖章的位置',
  seal: '密封投标文件：签名投标文件包，再按平台接收方证书加密（先签后密）',
  open: '解密并打开投标文件到文件夹；全部核验通过后才放出文档',
  inspect: '查看密封投标文件的内容类型、算法、接收方和大小（无需密钥）',
  cms: '通用 CMS 数字信封：加密、解密',
  bid: '密封投标文件（seal/open/inspect 的旧写法；verify 核验备份副本）',
  upload: '把密封投标文件上传到交易平台（可断点续传）并核验回执',
  receipt: '平台上传回执',
  platforms: '交易平台：签名目录、平台规则、自定义平台',
  stats: '按平台和月份统计共享证书的使用（密封与上传次数），可导出 CSV/XLSX',
  hash: '计算文件摘要（默认 SM3，或 SHA-256）',
  sm2: 'SM2 密钥、签名与加密（GB/T 32918，GM/T 0009 编码）',
  sm4: 'SM4 文件加解密（GB/T 32907；CBC、CTR、GCM）',
  cert: '查看与验证证书（SM2、RSA、EC）',
  trust: '管理受信任的 CA 根证书',
  token: 'USB Key 与其他 PKCS#11 设备',
  doctor: '检查本机环境：Node、Electron、PKCS#11 驱动、系统工具',
};

export const HELP_LABELS = {
  zh: { usage: '用法：', commands: '命令：', options: '选项：', more: (p: string) => `运行 'bidseal ${p}' 查看详细说明。`, json: '--json            输出机器可读的 JSON', help: '-h, --help        显示本帮助' },
  en: { usage: 'Usage:', commands: 'Commands:', options: 'Options:', more: (p: string) => `Run 'bidseal ${p}' for details.`, json: '--json            machine-readable output', help: '-h, --help        show this help' },
} as const;
