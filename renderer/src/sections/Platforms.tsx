// Runs in the renderer. 交易平台: the signed platform directory (version, signature status, import of
// a newer bundle), the twelve participating platforms with filters and each one's rules, the local
// reference platform and the user's own platforms (add/remove), and the shared-certificate usage
// statistics with CSV/Excel export. Each part lives in ./platforms/.
import { useState } from 'react';
import { Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { DirectoryBar } from './platforms/DirectoryBar';
import { PlatformTable } from './platforms/PlatformTable';
import { OtherPlatforms } from './platforms/OtherPlatforms';
import { PlatformDetail } from './platforms/PlatformDetail';
import { UsageStats } from './platforms/UsageStats';
import { isParticipating, type Platform } from './platforms/model';
import './platforms/platforms.css';

export default function Platforms() {
  const { t } = useTranslation();
  const list = useIpc(() => client['platforms.list']({}));
  const [open, setOpen] = useState<Platform | null>(null);
  const platforms = list.value?.platforms ?? [];
  return (
    <SectionPage sectionKey="platforms">
      {list.status === 'error' ? (
        <ErrorAlert title={t('platforms.directory.loadError')} error={list.error} onRetry={list.reload} />
      ) : !list.value ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <DirectoryBar status={list.value.directory} onChanged={list.reload} />
          <PlatformTable platforms={platforms.filter(isParticipating)} onOpen={setOpen} onAdded={list.reload} />
          <OtherPlatforms platforms={platforms.filter((p) => !isParticipating(p))} onOpen={setOpen} onChanged={list.reload} />
        </>
      )}
      <UsageStats />
      <PlatformDetail platform={open} directoryVersion={list.value?.directory.version} onClose={() => setOpen(null)} />
    </SectionPage>
  );
}
