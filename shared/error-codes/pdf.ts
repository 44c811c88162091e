// Runs anywhere (pure). Error codes of the pdf domain with their zh-CN and en-US messages;
// shared/errors.ts joins every domain's table into ERROR_MESSAGES.
export const PDF_ERRORS = {} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
