export function buildSoftSkf(): string;
export function initSoftSkf(o: {
  dir: string;
  pin: string;
  soPin?: string;
  container: string;
  signKey: string;
  signCert: string;
  encKey?: string;
  encCert?: string;
  device?: string;
  application?: string;
  maxRetries?: number;
  defaultPin?: boolean;
}): void;
export function setSoftSkfPresent(dir: string, present: boolean): void;
