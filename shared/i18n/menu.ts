// Pure data: native menu labels, zh-CN first, en-US second (read by the Electron main process).
const zh = {
  about: '关于 BidSeal', hide: '隐藏', quit: '退出', file: '文件', close: '关闭窗口', edit: '编辑', undo: '撤销', redo: '重做',
  cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选', view: '视图', reload: '重新加载', resetZoom: '实际大小',
  zoomIn: '放大', zoomOut: '缩小', fullscreen: '全屏', window: '窗口', minimize: '最小化',
};
const en: typeof zh = {
  about: 'About BidSeal', hide: 'Hide', quit: 'Quit', file: 'File', close: 'Close Window', edit: 'Edit', undo: 'Undo', redo: 'Redo',
  cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All', view: 'View', reload: 'Reload', resetZoom: 'Actual Size',
  zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullscreen: 'Toggle Full Screen', window: 'Window', minimize: 'Minimize',
};
export const menuStrings = (locale: string): typeof zh => (locale.toLowerCase().startsWith('zh') ? zh : en);
