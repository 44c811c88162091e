// Runs anywhere (pure). The platform directory signing keys this build of BidSeal trusts (SM2 public
// keys, uncompressed 04‖x‖y). A directory bundle (shipped or downloaded) is used only when one of
// these verifies its signature (shared/platforms/directory.ts). The private keys are never in the
// repository: the release signer keeps them offline (BIDSEAL_DIRECTORY_KEY, see scripts/platform-directory.ts).
//
// Rotation (docs/formats/platform-directory.md): 1. generate the new key offline
// (`openssl genpkey -algorithm SM2`); 2. add its public key here next to the old one and ship a
// release; 3. once that release is the oldest supported one, sign bundles with the new key only;
// 4. remove the old key in a later release. A compromised key is removed at once and a release
// ships with a bundle signed by the new key and a higher version.
import type { PinnedKey } from './directory';

export const PINNED_DIRECTORY_KEYS: readonly PinnedKey[] = Object.freeze([
  {
    id: 'fea5cdc507d1f7e1',
    publicKeyHex: '04543933d38665834709988e67fbff0a994e5d6ea8e472b5797ab0186500f273dc8828849d045f5d3146378573d030717ab14a8398cec565bcb91a33e5993b2695',
    note: 'BidSeal platform directory key 1 (2026-11)',
  },
]);
