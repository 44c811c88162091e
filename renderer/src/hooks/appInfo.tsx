// Runs in the renderer. app.info, fetched once and shared (header host indicator, About block).
import { createContext, useContext, type ReactNode } from 'react';
import { client } from '../ipc/client';
import type { Response } from '../../../shared/ipc/contract';
import { useIpc, type IpcState } from './useIpc';

export type AppInfo = Response<'app.info'>;
type AppInfoState = IpcState<AppInfo> & { reload: () => void };

const AppInfoContext = createContext<AppInfoState>({ status: 'loading', reload: () => undefined });

export function AppInfoProvider({ children }: { children: ReactNode }) {
  const state = useIpc(() => client['app.info']({}));
  return <AppInfoContext.Provider value={state}>{children}</AppInfoContext.Provider>;
}

export const useAppInfo = (): AppInfoState => useContext(AppInfoContext);
