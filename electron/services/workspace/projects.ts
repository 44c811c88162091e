// Runs in Node. Bid projects on disk: <dataDir>/projects/<id>.json, one file per project written
// atomically. Saving checks the version the user edited (updatedAt) so two windows, or the CLI and
// the app, cannot silently overwrite each other. Removing a project never removes its documents.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BidSealError } from '../../../shared/errors';
import { defaultChecklist, Project, type ProjectInput } from '../../../shared/workspace/project';
import { writeFileAtomic } from '../fs/atomic-write';

const dirOf = (dataDir: string) => path.join(dataDir, 'projects');
const fileOf = (dataDir: string, id: string) => {
  if (!/^[0-9a-f]{32}$/.test(id)) throw new BidSealError('E_PROJECT_NOT_FOUND', 'no such project', { id });
  return path.join(dirOf(dataDir), `${id}.json`);
};

async function write(dataDir: string, p: Project): Promise<void> {
  await mkdir(dirOf(dataDir), { recursive: true });
  await writeFileAtomic(fileOf(dataDir, p.id), new TextEncoder().encode(JSON.stringify(p, null, 1)));
}

export async function getProject(dataDir: string, id: string): Promise<Project> {
  let raw: string;
  try {
    raw = await readFile(fileOf(dataDir, id), 'utf8');
  } catch {
    throw new BidSealError('E_PROJECT_NOT_FOUND', 'no such project', { id });
  }
  const parsed = Project.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new BidSealError('E_PROJECT_DAMAGED', 'the project file is damaged', { id });
  return parsed.data;
}

/** Projects of one bidder (or all), soonest deadline first. Damaged files are skipped, not fatal. */
export async function listProjects(dataDir: string, filter: { bidderId?: string } = {}): Promise<Project[]> {
  const names = await readdir(dirOf(dataDir)).catch(() => [] as string[]);
  const out: Project[] = [];
  for (const n of names) {
    const m = /^([0-9a-f]{32})\.json$/.exec(n);
    if (!m) continue;
    const p = await getProject(dataDir, m[1]!).catch(() => undefined);
    if (p && (filter.bidderId === undefined || p.bidder.id === filter.bidderId)) out.push(p);
  }
  return out.sort((a, b) => a.deadline.localeCompare(b.deadline));
}

export type NewProject = Omit<ProjectInput, 'id' | 'createdAt' | 'updatedAt' | 'checklist'> & { checklist?: ProjectInput['checklist'] };

export async function createProject(dataDir: string, input: NewProject, now = new Date()): Promise<Project> {
  const at = now.toISOString();
  const p = Project.parse({ ...input, checklist: input.checklist ?? defaultChecklist(), id: randomBytes(16).toString('hex'), createdAt: at, updatedAt: at });
  checkTimes(p);
  await write(dataDir, p);
  return p;
}

function checkTimes(p: Project): void {
  if (new Date(p.openingTime) < new Date(p.deadline)) throw new BidSealError('E_INVALID_ARGUMENT', 'the bid opening cannot be before the deadline');
}

/** Saves an edited project; fails with E_PROJECT_CHANGED if it changed since the caller read it. */
export async function updateProject(dataDir: string, next: ProjectInput, now = new Date()): Promise<Project> {
  const current = await getProject(dataDir, next.id);
  if (current.updatedAt !== next.updatedAt) throw new BidSealError('E_PROJECT_CHANGED', 'the project was changed elsewhere; reload it', { id: next.id });
  if (current.bidder.id !== next.bidder.id) throw new BidSealError('E_INVALID_ARGUMENT', 'a project cannot move to another bidder');
  const p = Project.parse({ ...next, createdAt: current.createdAt, updatedAt: new Date(Math.max(now.getTime(), new Date(current.updatedAt).getTime() + 1)).toISOString() });
  checkTimes(p);
  await write(dataDir, p);
  return p;
}

export async function removeProject(dataDir: string, id: string): Promise<boolean> {
  return unlink(fileOf(dataDir, id)).then(
    () => true,
    () => false,
  );
}
