// Runs anywhere (pure, dependency-free for the preload). Operation names: certificates, the trust store,
// USB key drivers (PKCS#11 modules, SKF libraries) and the key manager.
export const KEYS_OPERATIONS = [
  'certs.inspect',
  'certs.validate',
  'trust.list',
  'trust.import',
  'trust.remove',
  'tokens.modules',
  'tokens.addModule',
  'tokens.forgetModule',
  'tokens.slots',
  'tokens.skf',
  'keys.identities',
  'keys.pinInfo',
  'keys.forget',
  'keys.pickKeyFile',
  'keys.remember',
  'keys.choose',
  'tokens.pickSkf',
  'keys.inspect',
  'keys.testSign',
] as const;
export type KeysOperation = (typeof KEYS_OPERATIONS)[number];
