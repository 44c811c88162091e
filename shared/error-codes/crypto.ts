// Runs anywhere (pure). Error codes of the cryptographic core (algorithms, keys, encodings, ciphertexts,
// key-file passwords) with their zh-CN and en-US messages; shared/errors.ts joins every domain's table.
export const CRYPTO_ERRORS = {
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
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
