// Runs anywhere (pure, dependency-free for the preload). Operation names: bid projects, their
// status along the path, the checklist a tender document proposes, diagnostics for support, office → PDF conversion.
export const WORKSPACE_OPERATIONS = ['projects.list', 'projects.get', 'projects.create', 'projects.update', 'projects.remove', 'projects.status', 'projects.readTender', 'diagnostics.create', 'documents.convert'] as const;
export type WorkspaceOperation = (typeof WORKSPACE_OPERATIONS)[number];
