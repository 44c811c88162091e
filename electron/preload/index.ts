// Runs in the sandboxed preload. Exposes exactly one method per contract operation (no generic
// invoke/send) plus a progress subscription; arguments are checked again in main.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { OPERATIONS, channelOf, PROGRESS_CHANNEL } from '../../shared/ipc/operations';

const api: Record<string, unknown> = {};
for (const op of OPERATIONS) {
  const channel = channelOf(op);
  api[op] = (req: unknown) => ipcRenderer.invoke(channel, req);
}
api.onProgress = (listener: (e: unknown) => void) => {
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
  return () => ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
};
contextBridge.exposeInMainWorld('bidseal', Object.freeze(api));
