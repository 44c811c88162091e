// Runs anywhere (pure, dependency-free for the preload). Operation names: the app itself (version, the
// doctor's report) and long jobs (cancelling by job id).
export const APP_OPERATIONS = ['app.info', 'app.doctor', 'jobs.cancel'] as const;
export type AppOperation = (typeof APP_OPERATIONS)[number];
