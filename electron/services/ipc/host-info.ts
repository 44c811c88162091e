// Runs in Node (Electron main or the Node host; never imports `electron`). What the IPC handlers
// need from the host they run in. Hosts differ only here: Electron passes native dialogs, the Node
// host does not (the renderer then downloads through the host's /download route).
import type { Operation, ParsedRequest, Response } from '../../../shared/ipc/contract';
import type { HandlerContext } from './dispatch';
import type { TokenService } from '../keys/tokens';
import type { RecentErrors } from '../app/recent-errors';

export interface HostDialogs {
  /** native "save as" dialog; resolves to the chosen path or null when cancelled */
  saveAs(opts: { defaultName: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  /** reveal a file in the system file manager */
  showInFolder(path: string): void;
  /** native "open" dialog for one file; resolves to its path (main process only) or null when cancelled */
  openFile?(opts: { title: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  /** native folder chooser (main process only); resolves to the folder or null when cancelled */
  chooseFolder?(opts: { title: string }): Promise<string | null>;
  /** a native yes/no question; true when the user confirmed */
  confirm?(opts: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>;
}

export interface HostInfo {
  host: 'electron' | 'node';
  versions: { node: string; electron?: string; chrome?: string };
  /** the user's BidSeal data folder (trust store, documents, history, settings) */
  dataDir: string;
  tokens: TokenService;
  dialogs?: HostDialogs;
  /** opens an https page in the system's default browser (Electron's shell); absent in the Node host, whose renderer is the browser */
  openExternal?(url: string): Promise<void>;
  /** the same list the dispatcher fills: what failed recently (for diagnostics) */
  recentErrors?: RecentErrors;
}

/** The handlers of one domain's operations (electron/services/ipc/<domain>.ts). */
export type DomainHandlers<K extends Operation> = { [P in K]: (req: ParsedRequest<P>, ctx: HandlerContext) => Promise<Response<P>> };
