// Runs in the renderer. The vault opened from a bid project's checklist ("由资料库生成", the link
// /vault?generate=<bid-letter|authorization>&project=<id>&item=<checklist item>): the project's bidder
// becomes the current one, the letter form is pre-filled from the project, and the generated PDF is
// filed under the checklist item on the freshest copy of the project (updates of a stale copy are
// refused with E_PROJECT_CHANGED, so a concurrent edit is re-read and retried) before returning to it.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { IpcFailure, must, type StoredFileView } from '../../files/store';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useVaultSession } from '../../vault/current-bidder';
import { linkToItem, type GenerateLink } from '../../vault/project-link';
import type { IpcError } from '../../../../shared/ipc/contract';
import type { Project } from '../../../../shared/workspace/project';
import { fmtTime, itemTitle, usePlatforms } from '../projects/common';
import { DocsTab } from './DocsTab';

const ATTEMPTS = 3;

export function ProjectGenerate({ link }: { link: GenerateLink }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { bidders, current, select } = useVaultSession();
  const platforms = usePlatforms();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const back = () => navigate(`/projects/${link.projectId}`);

  useEffect(() => {
    let live = true;
    setError(null);
    void client['projects.get']({ id: link.projectId }).then((r) => {
      if (!live) return;
      if (r.ok) setProject(r.value);
      else setError(r.error);
    });
    return () => void (live = false);
  }, [link.projectId]);

  // the project's own bidder (by vault id, else by USCC: a vault restored on another computer)
  const good = bidders.filter((b) => !b.tampered && b.value);
  const owner = project ? (good.find((b) => b.id === project.bidder.id) ?? good.find((b) => b.value!.uscc === project.bidder.uscc)) : undefined;
  useEffect(() => {
    if (owner && current?.id !== owner.id) select(owner.id);
  }, [owner, current?.id, select]);

  /** Files the PDF under the checklist item of the freshest project copy (with the 招标人 if it had none), then returns to the project. */
  const file = async (f: StoredFileView, facts: { tenderee: string }) => {
    for (let attempt = 1; ; attempt++) {
      const fresh = await must(client['projects.get']({ id: link.projectId }));
      if (!fresh.checklist.some((i) => i.id === link.itemId)) {
        message.warning(t('vault.fromProject.itemGone'));
        break;
      }
      const next = linkToItem(fresh, link.itemId, f.id);
      const r = await client['projects.update'](!next.tenderer && facts.tenderee ? { ...next, tenderer: facts.tenderee } : next);
      if (r.ok) {
        message.success(t('vault.fromProject.linked', { name: f.name }));
        break;
      }
      if (r.error.code !== 'E_PROJECT_CHANGED' || attempt >= ATTEMPTS) throw new IpcFailure(r.error);
    }
    back();
  };

  const backButton = (
    <Button icon={<ArrowLeftOutlined />} onClick={back} data-testid="vault-project-back">
      {t('vault.fromProject.back')}
    </Button>
  );
  if (error) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <ErrorAlert title={t('vault.fromProject.loadFailed')} error={error} />
        {backButton}
      </Space>
    );
  }
  if (!project) return <Card loading className="bs-card" />;

  const lang = i18n.language;
  const item = project.checklist.find((i) => i.id === link.itemId);
  const itemName = item ? itemTitle(t, item) : t(`vault.docs.${link.template === 'bid-letter' ? 'bidLetter' : 'authorization'}`);
  return (
    <>
      <Card className="bs-card" data-testid="vault-project-generate">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('vault.fromProject.title', { title: project.title })}
          </Typography.Title>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('vault.toolbar.bidder')}>{project.bidder.name}</Descriptions.Item>
            <Descriptions.Item label={t('vault.fromProject.platform')}>{platforms.nameOf(project.platformId, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('vault.docs.tenderNo')}>{project.tenderNo || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('vault.fromProject.deadline')}>{fmtTime(project.deadline, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('vault.fromProject.opening')}>{fmtTime(project.openingTime, lang)}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('vault.fromProject.hint', { item: itemName })}</Typography.Text>
          <Typography.Text type="secondary">{t('vault.fromProject.kept')}</Typography.Text>
          {backButton}
        </Space>
      </Card>
      {!owner ? (
        <Alert type="error" showIcon title={t('vault.fromProject.otherBidder', { name: project.bidder.name, uscc: project.bidder.uscc })} data-testid="vault-project-no-bidder" />
      ) : current?.id === owner.id ? (
        <Card className="bs-card">
          <DocsTab bidderId={owner.id} link={{ project, template: link.template, onGenerated: file }} />
        </Card>
      ) : (
        <Card loading className="bs-card" />
      )}
    </>
  );
}
