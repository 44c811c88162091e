// Runs anywhere (pure). Error codes of electronic seals (GB/T 38540 / GM/T 0031) and OFD documents (GB/T 33190)
// with their zh-CN and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const ESEAL_ERRORS = {
  E_ESEAL_CORRUPT: { zh: '电子印章数据结构无效，无法解析', en: 'The electronic seal is malformed and cannot be parsed' },
  E_ESEAL_UNSUPPORTED_VERSION: { zh: '不支持的电子印章版本（BidSeal 支持 GM/T 0031-2014 与 GB/T 38540-2020）', en: 'Unsupported electronic seal version (BidSeal reads GM/T 0031-2014 and GB/T 38540-2020 seals)' },
  E_ESEAL_BAD_SIGNATURE: { zh: '电子印章的制章人签名验证失败：印章已被篡改', en: "The seal maker's signature does not verify: the seal was altered" },
  E_ESEAL_EXPIRED: { zh: '电子印章已过有效期', en: 'The electronic seal has expired' },
  E_ESEAL_NOT_YET_VALID: { zh: '电子印章尚未生效', en: 'The electronic seal is not yet valid' },
  E_ESEAL_SIGNER_NOT_LISTED: { zh: '所选签名证书不在该电子印章的授权证书列表中，不能使用该印章', en: "The chosen signing certificate is not on the seal's list of allowed certificates" },
  E_ESEAL_SIGNER_NOT_SM2: { zh: '电子签章须使用 SM2 签名证书（国密 USB Key 或 SM2 证书文件），所选证书不是 SM2', en: 'A seal signature (GB/T 38540) needs an SM2 signing certificate; the chosen one is not SM2' },
  E_ESEAL_MAKER_UNTRUSTED: { zh: '制章人证书不受信任或无效', en: "The seal maker's certificate is not trusted or not valid" },
  E_ESEAL_SIGNATURE_INVALID: { zh: '电子签章（SES_Signature）验证失败', en: 'The seal signature (SES_Signature) does not verify' },
  E_OFD_CORRUPT: { zh: 'OFD 文件已损坏或结构无效', en: 'The OFD file is corrupt or malformed' },
  E_OFD_NOT_OFD: { zh: '该文档不是 OFD 文件', en: 'This document is not an OFD file' },
  E_OFD_UNSIGNED: { zh: 'OFD 文件没有签名或签章', en: 'The OFD file has no signature or seal' },
  E_OFD_SIGNATURE_INVALID: { zh: 'OFD 签章验证失败：文件或签章已被篡改', en: 'An OFD signature does not verify: the file or the seal was altered' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
