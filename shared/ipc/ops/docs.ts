// Runs anywhere (pure, dependency-free for the preload). Operation names of the vault's Node side
//: documents generated from the vault (bid letter, authorisation letter), and opening the
// vault key wrapped to a bidder's encryption certificate with the USB key that holds its private key.
export const DOCS_OPERATIONS = ['docs.generate', 'docs.unwrapVaultKey'] as const;
export type DocsOperation = (typeof DOCS_OPERATIONS)[number];
