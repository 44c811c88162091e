// Runs in Node. The last failures of this run (operation, error code, time) for "report a problem":
// support sees what went wrong without any argument, path, PIN or document content.
import type { ErrorCode } from '../../../shared/errors';

export interface RecentError {
  at: string;
  op: string;
  code: ErrorCode;
}

export class RecentErrors {
  private readonly items: RecentError[] = [];
  constructor(private readonly max = 50) {}
  add(op: string, code: ErrorCode, at = new Date()): void {
    this.items.push({ at: at.toISOString(), op, code });
    if (this.items.length > this.max) this.items.shift();
  }
  list(): RecentError[] {
    return [...this.items];
  }
}
