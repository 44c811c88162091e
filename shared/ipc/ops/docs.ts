// Runs anywhere (pure, dependency-free for the preload). Operation names: documents generated from the vault: bid letter, authorisation letter (issue #7).
export const DOCS_OPERATIONS = [] as const;
export type DocsOperation = (typeof DOCS_OPERATIONS)[number];
