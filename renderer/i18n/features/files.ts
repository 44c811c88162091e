// Pure data: UI strings of the document store widgets (drop zone, picker, import progress), zh-CN
// first and en-US typed against it. Joined into renderer/i18n/zh-CN.ts and en-US.ts.
const zh = {
  dropTitle: '将文件拖到此处，或点击选择文件',
  dropHint: '文件会复制到 BidSeal 的本机文档库，原文件不会被修改',
  importing: '正在导入 {{file}}（{{index}}/{{count}}）',
  imported: '已导入 {{count}} 个文件',
  pickerPlaceholder: '从文档库中选择',
  pickerEmpty: '文档库中还没有符合条件的文件',
  exported: '已保存到 {{path}}',
  downloadStarted: '已开始下载',
  size: '大小',
  addedAt: '加入时间',
};

export type FilesMessages = typeof zh;

const en: FilesMessages = {
  dropTitle: 'Drop files here, or click to choose',
  dropHint: 'Files are copied into BidSeal’s local document library; the originals are never changed',
  importing: 'Importing {{file}} ({{index}}/{{count}})',
  imported: '{{count}} file(s) imported',
  pickerPlaceholder: 'Choose from the document library',
  pickerEmpty: 'No matching files in the document library yet',
  exported: 'Saved to {{path}}',
  downloadStarted: 'Download started',
  size: 'Size',
  addedAt: 'Added',
};

export default { zh, en };
