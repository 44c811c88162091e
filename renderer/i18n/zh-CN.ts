// Pure data: every renderer UI string in zh-CN (the default language). en-US.ts is typed against
// this object, so a key missing there is a compile error. Error messages come from shared/errors
// (the CLI prints the same table) and are merged in here, never retyped.
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/errors';
import projects from './features/projects';
import documents from './features/documents';
import seal from './features/seal';
import upload from './features/upload';
import vault from './features/vault';
import platforms from './features/platforms';
import files from './features/files';
import certificates from './features/certificates';
import signature from './features/signature';

const errors = Object.fromEntries(Object.entries(ERROR_MESSAGES).map(([code, m]) => [code, m.zh])) as Record<ErrorCode, string>;

const zhCN = {
  app: {
    name: 'BidSeal',
    wordmark: '投标密封',
    fullName: 'BidSeal 投标密封',
    tagline: '电子投标文件签章 · 密封 · 递交',
    skipToContent: '跳到主要内容',
    footer: '投标文件在本机制作与加密，仅在您确认递交时上传到交易平台',
  },
  nav: {
    ariaLabel: '主导航',
    groupWork: '投标工作',
    groupResources: '资料与证书',
    groupSystem: '系统',
    projects: '投标项目',
    documents: '文档签章',
    seal: '密封加密',
    upload: '上传',
    vault: '资料库',
    certificates: '证书',
    platforms: '交易平台',
    settings: '设置',
    collapse: '收起导航',
    expand: '展开导航',
  },
  header: {
    bidderLabel: '当前投标人',
    bidderNone: '未选择投标人',
    bidderHint: '在资料库中录入企业信息后即可选择投标人',
    language: '界面语言',
    langZh: '中文',
    langEn: 'English',
    hostElectron: '桌面版 Electron',
    hostNode: '本地浏览器模式',
    hostLoading: '正在连接…',
    hostUnavailable: '无法连接本地服务',
    hostTooltip: '运行方式：{{host}}，版本 {{version}}',
  },
  common: {
    comingSoon: '即将推出',
    comingSoonHint: '即将推出：该功能将在后续版本中提供',
    refresh: '刷新',
    retry: '重试',
    loading: '加载中…',
    yes: '是',
    no: '否',
    found: '已找到',
    missing: '未找到',
    none: '无',
    notAvailable: '—',
    errorCode: '错误代码：{{code}}',
    firstSteps: '开始之前',
    goTo: '前往{{section}}',
    planned: '规划中',
  },
  projects: projects.zh,
  documents: documents.zh,
  seal: seal.zh,
  upload: upload.zh,
  vault: vault.zh,
  signature: signature.zh,
  certificates: certificates.zh,
  platforms: platforms.zh,
  files: files.zh,
  settings: {
    title: '设置',
    subtitle: '界面语言、运行环境检测与版本信息。',
    languageTitle: '语言',
    languageDescription: '界面语言会保存在本机，下次打开时自动使用。',
    languageZhOption: '简体中文',
    languageEnOption: 'English (en-US)',
    diagnosticsTitle: '环境检测',
    diagnosticsDescription: '检查本机运行环境：Node.js、Electron、USB Key 驱动与辅助工具。',
    diagnosticsError: '环境检测失败',
    node: 'Node.js 版本',
    platform: '操作系统',
    electron: 'Electron',
    electronPresent: '已安装（{{version}}）',
    electronPackageOnly: '已安装 Electron 软件包 {{version}}，但缺少可执行文件',
    electronMissing: '未安装（仅可使用本地浏览器模式）',
    pkcs11: 'PKCS#11 驱动',
    pkcs11None: '未找到',
    toolsTitle: '辅助工具',
    toolName: '工具',
    toolStatus: '状态',
    toolVersion: '版本 / 安装方法',
    aboutTitle: '关于',
    aboutName: '产品名称',
    aboutVersion: '版本',
    aboutHost: '运行方式',
    aboutPlatform: '平台',
    aboutNode: 'Node.js',
    aboutElectron: 'Electron',
    aboutChrome: 'Chromium',
    aboutError: '无法读取版本信息',
  },
  notFound: {
    title: '页面不存在',
    subtitle: '您访问的页面不存在，可能已被移动。',
    back: '返回投标项目',
  },
  errorBoundary: {
    title: '页面出现问题',
    subtitle: '界面遇到了意外错误。您的投标文件和资料不受影响，请重新加载后重试。',
    reload: '重新加载',
    details: '技术详情',
  },
  errors,
};

export type Messages = typeof zhCN;
export default zhCN;
