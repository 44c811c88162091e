// Runs anywhere (pure). IPC schemas: bid projects, history and diagnostics (issue #9).
import type { OpSpec } from '../schemas';
import type { WorkspaceOperation } from '../ops/workspace';

export const workspaceSpecs = {} as const satisfies Record<WorkspaceOperation, OpSpec>;
