// Runs anywhere (pure, dependency-free for the preload). Operation names: the document store: import (chunked upload), list, read ranges, export.
export const FILES_OPERATIONS = [] as const;
export type FilesOperation = (typeof FILES_OPERATIONS)[number];
