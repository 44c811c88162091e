// Runs anywhere (pure, dependency-free for the preload). Operation names: the document store
// (import by chunked upload, list, read ranges, export, remove; trash, restore, purge, rename).
export const FILES_OPERATIONS = ['files.importBegin', 'files.importChunk', 'files.importCommit', 'files.importAbort', 'files.list', 'files.get', 'files.read', 'files.remove', 'files.export', 'files.trash', 'files.restore', 'files.purge', 'files.listTrash', 'files.rename', 'files.hash'] as const;
export type FilesOperation = (typeof FILES_OPERATIONS)[number];
