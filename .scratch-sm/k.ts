import { sm2Kdf } from '/work/main/shared/crypto/kdf';
import { bytesToHex } from '@noble/hashes/utils.js';
console.log(bytesToHex(sm2Kdf(new Uint8Array([1,2,3]), 70)));
