// Runs in Node. Input and output helpers for CLI commands: `-` means standard input, outputs go
// to `-o FILE` atomically (temp file + rename) or to standard output.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { openAtomic, writeAndCommit, type CommittableSink } from '../services/fs/atomic-write';
import { fileError } from '../services/fs/file-hash';
import type { CliIO } from './framework';
import { splitDerOrPem } from '../../shared/asn1';

export async function readInput(io: CliIO, name: string): Promise<Uint8Array> {
  if (name === '-') {
    const chunks: Uint8Array[] = [];
    for await (const c of io.stdin) chunks.push(c);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(name);
  } catch (e) {
    throw fileError(e, name);
  }
}

export async function inputStream(io: CliIO, name: string): Promise<AsyncIterable<Uint8Array>> {
  if (name === '-') return io.stdin;
  try {
    const st = await stat(name);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (e) {
    throw fileError(e, name);
  }
  return createReadStream(name, { highWaterMark: 1 << 20 });
}

/** A sink: `-o FILE` (atomic) or stdout when out is undefined or '-'. */
export async function outputSink(io: CliIO, out: string | undefined): Promise<CommittableSink> {
  if (out === undefined || out === '-') {
    return {
      write: (b) => new Promise((resolve, reject) => io.stdout.write(b, (err) => (err ? reject(err) : resolve()))),
      commit: async () => {},
      abort: async () => {},
    };
  }
  return openAtomic(out);
}

export async function writeOutput(io: CliIO, out: string | undefined, data: Uint8Array): Promise<void> {
  await writeAndCommit(await outputSink(io, out), data);
}

/** Certificates from files (PEM, DER or bundles of either), in order; E_FILE_* naming the file that failed. */
export async function readCertFiles(files: readonly string[] | undefined): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const f of files ?? []) {
    let b: Uint8Array;
    try {
      b = await readFile(f);
    } catch (e) {
      throw fileError(e, f);
    }
    out.push(...splitDerOrPem(b, /CERTIFICATE/));
  }
  return out;
}

/**
 * A reader that closed the pipe (`bidseal inspect x | head -1`) is not an error: the process stops quietly
 * with the status of a process killed by SIGPIPE (128 + 13), as other Unix tools do, without a stack trace.
 * Installed once for the real standard streams, so every command gets it.
 */
export function exitQuietlyOnEpipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return exit(141);
    throw e;
  });
}
