// Runs in the renderer. The app's sections in navigation order: route, menu group, icon, test ids.
import type { ReactNode } from 'react';
import {
  BankOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  LockOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SignatureOutlined,
} from '@ant-design/icons';

export const SECTION_KEYS = ['projects', 'documents', 'seal', 'upload', 'vault', 'certificates', 'platforms', 'settings'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export type SectionGroup = 'groupWork' | 'groupResources' | 'groupSystem';

export interface SectionDef {
  key: SectionKey;
  path: `/${SectionKey}`;
  group: SectionGroup;
  icon: ReactNode;
}

export const SECTIONS: readonly SectionDef[] = [
  { key: 'projects', path: '/projects', group: 'groupWork', icon: <ProjectOutlined /> },
  { key: 'documents', path: '/documents', group: 'groupWork', icon: <SignatureOutlined /> },
  { key: 'seal', path: '/seal', group: 'groupWork', icon: <LockOutlined /> },
  { key: 'upload', path: '/upload', group: 'groupWork', icon: <CloudUploadOutlined /> },
  { key: 'vault', path: '/vault', group: 'groupResources', icon: <DatabaseOutlined /> },
  { key: 'certificates', path: '/certificates', group: 'groupResources', icon: <SafetyCertificateOutlined /> },
  { key: 'platforms', path: '/platforms', group: 'groupResources', icon: <BankOutlined /> },
  { key: 'settings', path: '/settings', group: 'groupSystem', icon: <SettingOutlined /> },
];

export const DEFAULT_SECTION: SectionKey = 'projects';

export function sectionForPath(pathname: string): SectionDef | undefined {
  const first = pathname.split('/')[1] ?? '';
  return SECTIONS.find((s) => s.key === first);
}
