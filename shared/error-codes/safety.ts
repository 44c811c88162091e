// Runs anywhere (pure). Error codes of the safety rules every command and operation shares (secrets kept out
// of argv, crash-consistent outputs) with their zh-CN and en-US messages; shared/errors.ts joins every
// domain's table into ERROR_MESSAGES.
export const SAFETY_ERRORS = {
  E_SECRET_IN_ARGV: { zh: '密钥不能写在命令行上（其他用户可通过进程列表看到，shell 历史也会保存）；请用 --key-file、--key-stdin、--key-fd 或 --key-env', en: 'A key on the command line is visible to other users (process list) and kept in shell history; use --key-file, --key-stdin, --key-fd or --key-env' },
  E_PDF_SELF_CHECK_FAILED: { zh: '签名后的 PDF 自检未通过（新签名读回后无法验证），未写入输出文件', en: 'The signed PDF failed its self-check (the new signature does not verify when read back); no output was written' },
} as const satisfies Record<`E_${string}`, { zh: string; en: string }>;
