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
import { CRYPTO_ERRORS } from './error-codes/crypto';

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
  // every domain keeps its codes in shared/error-codes/<domain>.ts
  ...CRYPTO_ERRORS,
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
