// Runs anywhere (pure, dependency-free for the preload). Operation names: bid projects, history and diagnostics (issue #9).
export const WORKSPACE_OPERATIONS = [] as const;
export type WorkspaceOperation = (typeof WORKSPACE_OPERATIONS)[number];
