// Runs anywhere (pure). Error codes of the IPC security rules (docs/ipc-security.md): what the main
// process refuses when the renderer reaches for a file, a native module or a network endpoint it was
// not given. shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const SECURITY_ERRORS = {
  E_MODULE_NOT_ALLOWED: {
    zh: '不允许加载该驱动模块：只能使用系统安装位置中的驱动，或您在“添加驱动”对话框中选择并确认过的驱动',
    en: 'This driver module may not be loaded: only drivers from the system install locations, or one you picked and confirmed in the "Add driver" dialog',
  },
  E_ENDPOINT_NOT_ALLOWED: {
    zh: '不允许连接该地址：只能上传到平台目录中的平台或您在设置中添加的平台（须为 https，本机演示平台除外）',
    en: 'This address is not allowed: uploads go only to platforms of the platform directory or ones you added in settings (https, or this computer for the reference platform)',
  },
  E_EXTERNAL_URL_NOT_ALLOWED: { zh: '不允许在浏览器中打开该链接', en: 'This link may not be opened in the browser' },
  E_DIALOG_UNAVAILABLE: { zh: '此操作需要桌面版 BidSeal（本机文件对话框）', en: 'This needs the BidSeal desktop app (a native file dialog)' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
