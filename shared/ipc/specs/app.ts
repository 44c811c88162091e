// Runs anywhere (pure). IPC schemas: the app (version and host, the doctor's report) and cancelling a job.
import { z } from 'zod';
import { AppInfo, DoctorReport, Empty, JobId, type OpSpec } from '../schemas';
import type { AppOperation } from '../ops/app';

export const appSpecs = {
  'app.info': { request: Empty, response: AppInfo },
  'app.doctor': { request: Empty, response: DoctorReport },
  'jobs.cancel': { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },
} as const satisfies Record<AppOperation, OpSpec>;
