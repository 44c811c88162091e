// Runs anywhere (pure). The closed list of BidSeal error codes with their zh-CN and en-US
// messages. The UI, the CLI and the IPC layer all speak these codes; nobody matches on text.
// Messages live here (not in renderer/i18n) because the CLI prints them too; renderer/i18n
// imports this table. Messages never include key material, PINs or document contents.

import { FILES_ERRORS } from './error-codes/files';
import { PDF_ERRORS } from './error-codes/pdf';
import { BID_ERRORS } from './error-codes/bid';
import { VAULT_ERRORS } from './error-codes/vault';
import { PLATFORMS_ERRORS } from './error-codes/platforms';
import { UPLOAD_ERRORS } from './error-codes/upload';
import { WORKSPACE_ERRORS } from './error-codes/workspace';
import { SECURITY_ERRORS } from './error-codes/security';
import { ESEAL_ERRORS } from './error-codes/eseal';
import { CMS_ERRORS } from './error-codes/cms';
import { PKI_ERRORS } from './error-codes/pki';
import { SAFETY_ERRORS } from './error-codes/safety';
import { KEYS_ERRORS } from './error-codes/keys';

export const ERROR_MESSAGES = {
  // generic
  E_INTERNAL: { zh: '内部错误', en: 'Internal error' },
  E_BAD_REQUEST: { zh: '请求参数无效', en: 'Invalid request arguments' },
  E_FORBIDDEN: { zh: '拒绝访问：请求来源不受信任', en: 'Forbidden: request from an untrusted origin' },
  E_UNAUTHORIZED: { zh: '未授权：缺少或错误的访问令牌', en: 'Unauthorized: missing or wrong access token' },
  E_NOT_FOUND: { zh: '未找到', en: 'Not found' },
  E_USAGE: { zh: '命令用法错误', en: 'Usage error' },
  E_INVALID_ARGUMENT: { zh: '参数无效', en: 'Invalid argument' },
  E_CANCELLED: { zh: '操作已取消', en: 'Operation cancelled' },
  // files
  E_FILE_NOT_FOUND: { zh: '文件不存在', en: 'File not found' },
  E_FILE_READ: { zh: '读取文件失败', en: 'Could not read the file' },
  E_FILE_WRITE: { zh: '写入文件失败，原文件未改动', en: 'Could not write the file; nothing was changed' },
  E_DISK_FULL: { zh: '磁盘空间不足，未写入任何输出', en: 'Disk full; no output was written' },
  // crypto
  E_UNSUPPORTED_ALGORITHM: { zh: '不支持的算法', en: 'Unsupported algorithm' },
  E_INVALID_KEY: { zh: '密钥无效', en: 'Invalid key' },
  E_BAD_ENCODING: { zh: '数据编码无效', en: 'Invalid data encoding' },
  E_BAD_SIGNATURE: { zh: '签名验证失败', en: 'Signature verification failed' },
  E_DECRYPT_FAILED: { zh: '解密失败：数据已损坏或密钥不匹配', en: 'Decryption failed: data corrupted or wrong key' },
  E_BAD_PADDING: { zh: '填充无效：数据已损坏或密钥不匹配', en: 'Invalid padding: data corrupted or wrong key' },
  E_AUTH_TAG_MISMATCH: { zh: '完整性校验失败：数据已被篡改或密钥不匹配', en: 'Authentication failed: data tampered or wrong key' },
  E_TRUNCATED: { zh: '数据不完整（被截断）', en: 'Data is truncated' },
  E_PASSWORD_REQUIRED: { zh: '该密钥文件受口令保护，请输入口令', en: 'This key file is password-protected; a password is required' },
  E_WRONG_PASSWORD: { zh: '口令错误或文件已损坏', en: 'Wrong password or corrupted file' },
  // tokens and certificates (used by later issues)
  E_PIN_INCORRECT: { zh: 'PIN 码错误', en: 'Incorrect PIN' },
  E_PIN_LOCKED: { zh: 'PIN 已锁定，请联系 CA 解锁', en: 'PIN locked; contact your CA to unlock it' },
  E_TOKEN_NOT_PRESENT: { zh: '未检测到 USB Key', en: 'No token present' },
  E_TOKEN_REMOVED: { zh: '操作过程中 USB Key 被拔出', en: 'The token was removed during the operation' },
  E_MODULE_NOT_FOUND: { zh: '未找到 PKCS#11 驱动模块', en: 'PKCS#11 module not found' },
  E_TOKEN_MODULE_CRASHED: { zh: 'USB Key 驱动模块异常退出，请重试', en: 'The token driver (PKCS#11 module) crashed; please retry' },
  E_TOKEN_TIMEOUT: { zh: 'USB Key 无响应（操作超时）', en: 'The token did not respond in time' },
  E_TOKEN_LOGIN_REQUIRED: { zh: '需要先输入 USB Key 的 PIN 码', en: 'Token login (PIN) required' },
  E_TOKEN_ERROR: { zh: 'USB Key 返回错误', en: 'The token reported an error' },
  E_CERT_EXPIRED: { zh: '证书已过期', en: 'Certificate expired' },
  E_CERT_NOT_YET_VALID: { zh: '证书尚未生效', en: 'Certificate not yet valid' },
  E_CERT_UNTRUSTED: { zh: '证书链不受信任', en: 'Certificate chain not trusted' },
  E_CERT_NOT_CA: { zh: '该证书不是 CA 证书，不能作为信任根导入', en: 'Not a CA certificate; it cannot be imported as a trust anchor' },
  E_NOT_A_RECIPIENT: { zh: '当前证书不是该数字信封的接收者', en: 'This certificate is not a recipient of the envelope' },
  E_CERT_NOT_FOR_ENCRYPTION: { zh: '该证书的密钥用法不允许加密（可能是签名证书），请使用加密证书', en: 'This certificate may not be used for encryption (probably a signing certificate); use the encryption certificate' },
  E_ENVELOPE_CORRUPT: { zh: '数字信封结构损坏，无法解析', en: 'The envelope is corrupt and cannot be parsed' },
  E_CERT_EXPIRES_BEFORE_OPENING: { zh: '加密证书在开标时间之前到期，开标时将无法解密，请更换或续期后重新生成投标文件', en: 'The encryption certificate expires before the bid opening; the bid could not be decrypted then' },
  // bid packages and custody
  E_ZIP_CORRUPT: { zh: '投标文件包（ZIP）结构损坏', en: 'The bid package (ZIP) is corrupt' },
  E_BID_MANIFEST_INVALID: { zh: '投标文件清单（manifest.json）缺失或无效', en: 'The bid manifest (manifest.json) is missing or invalid' },
  E_BID_PACKAGE_INVALID: { zh: '投标文件包校验失败：文件与清单或签名不符，未输出任何文件', en: 'The bid package failed verification (files, manifest or signature); nothing was written' },
  E_BID_SELF_CHECK_FAILED: { zh: '投标文件生成后自检失败，已删除输出', en: 'The sealed bid failed its self-check; the output was removed' },
  E_CUSTODY_INSUFFICIENT: { zh: '共管解密所需的密钥份额不足，仍需其他保管方', en: 'Not enough custody key shares to open; other custodians are still needed' },
  E_CUSTODY_SHARE_INVALID: { zh: '密钥份额无效或被篡改', en: 'A custody key share is invalid or was tampered with' },
  // PDF documents and signatures
  E_PDF_CORRUPT: { zh: 'PDF 文件已损坏，无法解析', en: 'The PDF file is corrupt and cannot be parsed' },
  E_PDF_ENCRYPTED: { zh: 'PDF 文件已加密，暂不支持签署加密文档', en: 'The PDF is encrypted; signing encrypted PDFs is not supported' },
  E_PDF_UNSUPPORTED: { zh: '不支持的 PDF 结构', en: 'Unsupported PDF structure' },
  E_PDF_SIGNATURE_SPACE: { zh: '签名数据超出预留空间', en: 'The signature does not fit in the space reserved for it' },
  E_PDF_SIGNATURE_INVALID: { zh: 'PDF 签名结构无效', en: 'The PDF signature structure is invalid' },
  // each later domain keeps its codes in shared/error-codes/<domain>.ts
  ...FILES_ERRORS,
  ...PDF_ERRORS,
  ...BID_ERRORS,
  ...VAULT_ERRORS,
  ...PLATFORMS_ERRORS,
  ...UPLOAD_ERRORS,
  ...WORKSPACE_ERRORS,
  ...SECURITY_ERRORS,
  ...ESEAL_ERRORS,
  ...CMS_ERRORS,
  ...PKI_ERRORS,
  ...SAFETY_ERRORS,
  ...KEYS_ERRORS,
} as const satisfies Record<string, { zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}

/** The one error class thrown across BidSeal. `message` is a short English detail safe to log. */
export class BidSealError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message ?? ERROR_MESSAGES[code].en, options);
    this.name = 'BidSealError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export function isBidSealError(e: unknown): e is BidSealError {
  return e instanceof BidSealError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'BidSealError' && isErrorCode((e as { code?: unknown }).code));
}

/** Localised message for a code; `detail` is appended when it adds information. */
export function describeError(code: ErrorCode, lang: 'zh' | 'en', detail?: string): string {
  const base = ERROR_MESSAGES[code][lang];
  // the detail is the developer's English (file offsets, field names): a Chinese sentence is not followed by
  // it — the code is shown beside the message and the detail goes to the diagnostics — unless it is only
  // numbers, names or Chinese
  if (lang === 'zh' && detail && /[A-Za-z]{3,}/.test(detail)) return base;
  return detail && detail !== ERROR_MESSAGES[code].en ? `${base} (${detail})` : base;
}
