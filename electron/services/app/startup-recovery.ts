// Runs in Node. What every start (CLI, Node host, Electron app) and every new job does first
// (docs/CRASH-CONSISTENCY.md): roll forward the seal commits a killed process left half done, then remove
// the partial outputs of jobs that are gone — plaintext first — and leftovers of older versions in the data
// folder. Nothing here touches a live job's files.
import path from 'node:path';
import { pendingPartials, recoverSealCommits } from '../bid/history';
import { sweepStalePartials, usePartialJournal, type SweepResult } from '../fs/partials';

export interface RecoveryReport extends SweepResult {
  /** seal records completed from commit notes */
  recorded: string[];
}

/** Start-up: sets the journal of unfinished outputs to this data folder and cleans up after crashes. */
export async function recoverAtStart(dataDir: string, jobStartMs = Date.now()): Promise<RecoveryReport> {
  usePartialJournal(dataDir);
  return cleanUpBeforeJob(dataDir, jobStartMs);
}

/** Before each job (a long-running app seals many bids): the same clean-up, sparing live jobs. */
export async function cleanUpBeforeJob(dataDir: string, jobStartMs = Date.now()): Promise<RecoveryReport> {
  const recorded = await recoverSealCommits(dataDir).catch(() => [] as string[]);
  const spare = await pendingPartials(dataDir);
  const swept = await sweepStalePartials({ jobStartMs, spare, also: [dataDir, path.join(dataDir, 'bids'), path.join(dataDir, 'outbox')] });
  return { ...swept, recorded };
}
