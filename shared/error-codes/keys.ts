// Runs anywhere (pure). Error codes of key carriers (SKF USB keys, the key manager) with their zh-CN and
// en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const KEYS_ERRORS = {
  E_SKF_LIBRARY_NOT_FOUND: { zh: '未找到 USB Key 的 SKF 驱动库，请安装证书厂商的驱动或手动选择驱动文件', en: 'No SKF library for the USB key: install the vendor driver or pick its library file' },
  E_SKF_LIBRARY_INVALID: { zh: '所选文件不是可用的 SKF 驱动库（缺少 GM/T 0016 接口函数）', en: 'The chosen file is not a usable SKF library (GM/T 0016 functions missing)' },
  E_PIN_LENGTH: { zh: '新 PIN 码长度或格式不符合 USB Key 的要求', en: 'The new PIN does not meet the key\'s length or format rules' },
  E_PIN_REQUIRED: { zh: '请输入 USB Key 的 PIN 码', en: 'Enter the USB key\'s PIN' },
  E_KEY_FILE_HANDLE_EXPIRED: { zh: '所选证书文件已失效，请重新选择', en: 'The chosen key file is no longer available; choose it again' },
  E_KEY_NOT_CHOSEN: { zh: '尚未为该项目选择数字证书，请先在密钥管理中选择', en: 'No certificate chosen for this project yet; choose one in the key manager' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
