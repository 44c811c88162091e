// Runs anywhere (pure). Error codes of the certificate-validation domain (revocation fetching) with their zh-CN
// and en-US messages; shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const PKI_ERRORS = {
  E_REVOCATION_UNREACHABLE: { zh: '无法连接证书吊销状态服务（OCSP 或 CRL 发布点）或其未及时响应', en: 'The revocation service (OCSP responder or CRL distribution point) could not be reached or did not answer in time' },
  E_REVOCATION_BAD_RESPONSE: { zh: '证书吊销状态服务的响应无效', en: 'The revocation service sent an invalid response' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
