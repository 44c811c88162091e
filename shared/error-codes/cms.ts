// Runs anywhere (pure). Error codes of the CMS / artefact layer (armour detection, GM/T 0010 message types,
// CA key files) with their zh-CN and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const CMS_ERRORS = {
  E_ARMOUR_UNKNOWN: {
    zh: '无法识别的文件：既不是 DER/BER，也不是 PEM 或 Base64 编码的 ASN.1 数据',
    en: 'Unrecognised file: neither DER/BER nor PEM or base64-encoded ASN.1',
  },
  E_CMS_TYPE_UNSUPPORTED: { zh: '不支持的 CMS / GM/T 0010 消息类型', en: 'Unsupported CMS / GM/T 0010 message type' },
  E_CMS_FLAVOUR_UNSUITABLE: {
    zh: '所选的 GM/T 0010（gm）格式不适用：它要求全部接收方和签名者使用 SM2 证书、内容加密使用 SM4-CBC；请改用 rfc5652 格式或更换证书/算法',
    en: 'The GM/T 0010 (gm) flavour cannot be used here: it needs SM2 certificates for every recipient and the signer and SM4-CBC content encryption; use the rfc5652 flavour or change the certificates or cipher',
  },
  E_KEY_CERT_MISMATCH: { zh: '私钥与证书不匹配，已拒绝', en: 'The private key does not match its certificate; refused' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
