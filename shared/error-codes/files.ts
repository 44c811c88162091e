// Runs anywhere (pure). Error codes of the files domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const FILES_ERRORS = {} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
