// Runs anywhere (pure). Error codes of key carriers (SKF USB keys, the key manager) with their zh-CN and
// en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const KEYS_ERRORS = {
  E_SKF_LIBRARY_NOT_FOUND: { zh: '未找到 USB Key 的 SKF 驱动库，请安装证书厂商的驱动或手动选择驱动文件', en: 'No SKF library for the USB key: install the vendor driver or pick its library file' },
  E_SKF_LIBRARY_INVALID: { zh: '所选文件不是可用的 SKF 驱动库（缺少 GM/T 0016 接口函数）', en: 'The chosen file is not a usable SKF library (GM/T 0016 functions missing)' },
  E_PIN_LENGTH: { zh: '新 PIN 码长度或格式不符合 USB Key 的要求', en: 'The new PIN does not meet the key\'s length or format rules' },
  E_PIN_REQUIRED: { zh: '请输入 USB Key 的 PIN 码', en: 'Enter the USB key\'s PIN' },
  E_KEY_FILE_HANDLE_EXPIRED: { zh: '所选证书文件已失效，请重新选择', en: 'The chosen key file is no longer available; choose it again' },
  E_KEY_NOT_CHOSEN: { zh: '尚未为该项目选择数字证书，请先在密钥管理中选择', en: 'No certificate chosen for this project yet; choose one in the key manager' },
  // PINs and PKCS#11 tokens
  E_PIN_INCORRECT: { zh: 'PIN 码错误', en: 'Incorrect PIN' },
  E_PIN_LOCKED: { zh: 'PIN 已锁定，请联系 CA 解锁', en: 'PIN locked; contact your CA to unlock it' },
  E_TOKEN_NOT_PRESENT: { zh: '未检测到 USB Key', en: 'No token present' },
  E_TOKEN_REMOVED: { zh: '操作过程中 USB Key 被拔出', en: 'The token was removed during the operation' },
  E_MODULE_NOT_FOUND: { zh: '未找到 PKCS#11 驱动模块', en: 'PKCS#11 module not found' },
  E_TOKEN_MODULE_CRASHED: { zh: 'USB Key 驱动模块异常退出，请重试', en: 'The token driver (PKCS#11 module) crashed; please retry' },
  E_TOKEN_TIMEOUT: { zh: 'USB Key 无响应（操作超时）', en: 'The token did not respond in time' },
  E_TOKEN_LOGIN_REQUIRED: { zh: '需要先输入 USB Key 的 PIN 码', en: 'Token login (PIN) required' },
  E_TOKEN_ERROR: { zh: 'USB Key 返回错误', en: 'The token reported an error' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
