// Pure data: the UI strings of the platforms section, zh-CN first and en-US typed against it (a missing
// or extra key is a compile error). Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  title: '交易平台',
  subtitle: '参与 CA 数字证书互认的交易平台，一张证书即可在下列平台投标。',
  bundleAlertTitle: '目录数据将以签名数据包提供',
  bundleAlert: '以下为参与互认的平台名录。各平台的接入地址、接收方加密证书和格式要求将以经签名的目录数据包随版本发布，BidSeal 验签后才会使用。',
  columnIndex: '序号',
  columnName: '平台名称',
  columnType: '类型',
  columnStatus: '目录状态',
  typePublic: '公共资源交易平台',
  typeEnterprise: '企业电子采购平台',
  typeTendering: '招标代理电子平台',
  statusPending: '待发布',
  list: {
    beijing: '北京市公共资源交易平台',
    shanghai: '上海市公共资源交易平台',
    zhejiang: '浙江省公共资源交易平台',
    shandong: '山东省公共资源交易平台',
    henan: '河南省公共资源交易平台',
    chongqing: '重庆市公共资源交易平台',
    shenzhen: '深圳市公共资源交易平台',
    hangzhou: '杭州市公共资源交易平台',
    guangzhou: '广州市公共资源交易平台',
    huaneng: '中国华能集团电子采购平台',
    powerchina: '中国电力建设集团电子采购平台',
    jiangsuTendering: '江苏省招标中心电子招标平台',
  },
};

export type PlatformsMessages = typeof zh;

const en: PlatformsMessages = {
  title: 'Platforms',
  subtitle: 'Trading platforms taking part in CA certificate recognition: one certificate lets you bid on all of them.',
  bundleAlertTitle: 'Directory data will ship as a signed bundle',
  bundleAlert: 'These are the participating platforms. Each platform\'s endpoints, recipient encryption certificates and format rules will ship as a signed directory bundle with each release, and BidSeal uses them only after verifying the signature.',
  columnIndex: 'No.',
  columnName: 'Platform',
  columnType: 'Type',
  columnStatus: 'Directory',
  typePublic: 'Public resource trading platform',
  typeEnterprise: 'Enterprise e-procurement platform',
  typeTendering: 'Tendering agency e-platform',
  statusPending: 'Not yet published',
  list: {
    beijing: 'Beijing Public Resource Trading Platform',
    shanghai: 'Shanghai Public Resource Trading Platform',
    zhejiang: 'Zhejiang Public Resource Trading Platform',
    shandong: 'Shandong Public Resource Trading Platform',
    henan: 'Henan Public Resource Trading Platform',
    chongqing: 'Chongqing Public Resource Trading Platform',
    shenzhen: 'Shenzhen Public Resource Trading Platform',
    hangzhou: 'Hangzhou Public Resource Trading Platform',
    guangzhou: 'Guangzhou Public Resource Trading Platform',
    huaneng: 'China Huaneng Group e-Procurement Platform',
    powerchina: 'PowerChina e-Procurement Platform',
    jiangsuTendering: 'Jiangsu Tendering Center e-Tendering Platform',
  },
};

export default { zh, en };
