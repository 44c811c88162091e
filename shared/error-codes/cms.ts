// Runs anywhere (pure). Error codes of the CMS / artefact layer (armour detection, GM/T 0010 message types,
// CA key files) with their zh-CN and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const CMS_ERRORS = {
  E_ARMOUR_UNKNOWN: {
    zh: '无法识别的文件：既不是 DER/BER，也不是 PEM 或 Base64 编码的 ASN.1 数据',
    en: 'Unrecognised file: neither DER/BER nor PEM or base64-encoded ASN.1',
  },
  E_CMS_TYPE_UNSUPPORTED: { zh: '不支持的 CMS / GM/T 0010 消息类型', en: 'Unsupported CMS / GM/T 0010 message type' },
  E_KEY_CERT_MISMATCH: { zh: '私钥与证书不匹配，已拒绝', en: 'The private key does not match its certificate; refused' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
