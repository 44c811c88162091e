// Runs anywhere (pure). Error codes of the certificate-validation domain (revocation fetching) with their zh-CN
// and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const PKI_ERRORS = {
  E_REVOCATION_UNREACHABLE: { zh: '无法连接证书吊销状态服务（OCSP 或 CRL 发布点）或其未及时响应', en: 'The revocation service (OCSP responder or CRL distribution point) could not be reached or did not answer in time' },
  E_REVOCATION_BAD_RESPONSE: { zh: '证书吊销状态服务的响应无效', en: 'The revocation service sent an invalid response' },
  // certificates
  E_CERT_EXPIRED: { zh: '证书已过期', en: 'Certificate expired' },
  E_CERT_NOT_YET_VALID: { zh: '证书尚未生效', en: 'Certificate not yet valid' },
  E_CERT_UNTRUSTED: { zh: '证书链不受信任', en: 'Certificate chain not trusted' },
  E_CERT_NOT_CA: { zh: '该证书不是 CA 证书，不能作为信任根导入', en: 'Not a CA certificate; it cannot be imported as a trust anchor' },
  E_CERT_EXPIRES_BEFORE_OPENING: { zh: '加密证书在开标时间之前到期，开标时将无法解密，请更换或续期后重新生成投标文件', en: 'The encryption certificate expires before the bid opening; the bid could not be decrypted then' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
