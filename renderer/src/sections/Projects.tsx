// Runs in the renderer. Bid projects of the current bidder: the path, reminders before deadlines and
// openings, the project list and the form for a new one. One project's page is projects/ProjectDetail.
import { useState } from 'react';
import { Alert, Button, Card, Col, Popconfirm, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DatabaseOutlined, FileAddOutlined, LockOutlined, PlusOutlined, SafetyCertificateOutlined, BankOutlined, SignatureOutlined, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { ReportProblem } from '../components/ReportProblem';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { useCurrentBidder } from '../vault/current-bidder';
import { hoursUntil, type Project } from '../../../shared/workspace/project';
import { ProjectForm } from './projects/ProjectForm';
import { STATUS_COLOR, fmtTime, usePlatforms } from './projects/common';

const PATH = [
  { key: 'prepare', icon: <FileAddOutlined /> },
  { key: 'sign', icon: <SignatureOutlined /> },
  { key: 'seal', icon: <LockOutlined /> },
  { key: 'upload', icon: <CloudUploadOutlined /> },
] as const;

const FIRST_STEPS = [
  { key: 'certificates', icon: <SafetyCertificateOutlined /> },
  { key: 'vault', icon: <DatabaseOutlined /> },
  { key: 'platforms', icon: <BankOutlined /> },
] as const;

/** Reminders: openings within 48 hours (keep the certificate and token at hand), deadlines within 24. */
function Reminders({ projects }: { projects: Project[] }) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const items = projects.flatMap((p) => {
    const out: { key: string; text: string; type: 'warning' | 'info' }[] = [];
    const toDeadline = hoursUntil(p.deadline, now);
    const toOpening = hoursUntil(p.openingTime, now);
    if (toDeadline > 0 && toDeadline <= 24) out.push({ key: `${p.id}-d`, type: 'warning', text: t('projects.reminderDeadline', { title: p.title, time: fmtTime(p.deadline, i18n.language), hours: Math.floor(toDeadline) }) });
    if (toOpening > 0 && toOpening <= 48) out.push({ key: `${p.id}-o`, type: 'info', text: t('projects.reminderOpening', { title: p.title, time: fmtTime(p.openingTime, i18n.language) }) });
    return out;
  });
  if (!items.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="project-reminders">
      {items.map((i) => (
        <Alert key={i.key} type={i.type} showIcon title={i.text} />
      ))}
    </Space>
  );
}

/** The status of each lot of a project (the furthest step it has provably reached), as on its page. */
function ProjectStatus({ id }: { id: string }) {
  const { t } = useTranslation();
  const st = useIpc(() => client['projects.status']({ id }), id);
  if (!st.value) return <Typography.Text type="secondary">…</Typography.Text>;
  const lots = st.value.lots;
  return (
    <Space size={4} wrap data-testid="project-status">
      {lots.map((l) => (
        <Tag key={l.lot.id} color={STATUS_COLOR[l.status]} className="bs-nowrap">
          {lots.length > 1 ? `${l.lot.name} · ` : ''}
          {t(`projects.status.${l.status}`)}
        </Tag>
      ))}
    </Space>
  );
}

function ProjectList({ bidderId, onCreate }: { bidderId: string; onCreate(): void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const platforms = usePlatforms();
  const list = useIpc(() => client['projects.list']({ bidderId }), bidderId);
  if (list.status === 'error') return <ErrorAlert title={t('projects.listTitle')} error={list.error} onRetry={list.reload} />;
  const projects = list.value?.projects ?? [];
  if (list.status === 'ok' && !projects.length) {
    return (
      <EmptyState title={t('projects.emptyTitle')} description={t('projects.emptyDescription')}>
        <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="projects-create">
          {t('projects.create')}
        </Button>
      </EmptyState>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Reminders projects={projects} />
      <Table<Project>
        data-testid="projects-table"
        rowKey="id"
        loading={list.status === 'loading'}
        pagination={false}
        dataSource={projects}
        onRow={(p) => ({ onDoubleClick: () => navigate(`/projects/${p.id}`) })}
        columns={[
          { title: t('projects.columns.title'), dataIndex: 'title', render: (v: string, p) => <Typography.Link onClick={() => navigate(`/projects/${p.id}`)}>{v}</Typography.Link> },
          { title: t('projects.columns.platform'), dataIndex: 'platformId', render: (v: string) => platforms.nameOf(v, i18n.language) },
          { title: t('projects.columns.deadline'), dataIndex: 'deadline', render: (v: string) => <Tag color={hoursUntil(v, new Date()) < 0 ? 'default' : hoursUntil(v, new Date()) < 48 ? 'red' : 'blue'}>{fmtTime(v, i18n.language)}</Tag> },
          { title: t('projects.columns.opening'), dataIndex: 'openingTime', render: (v: string) => fmtTime(v, i18n.language) },
          { title: t('projects.columns.status'), key: 'status', width: 150, render: (_v, p) => <ProjectStatus id={p.id} /> },
          {
            title: '',
            key: 'actions',
            render: (_v, p) => (
              <Space>
                <Button size="small" onClick={() => navigate(`/projects/${p.id}`)}>{t('projects.open')}</Button>
                <Popconfirm title={t('projects.removeConfirm')} onConfirm={async () => { await client['projects.remove']({ id: p.id }); list.reload(); }}>
                  <Button size="small" danger type="text">{t('projects.remove')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="projects-create">
        {t('projects.create')}
      </Button>
    </Space>
  );
}

export default function Projects() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const bidder = useCurrentBidder();
  const [creating, setCreating] = useState(false);
  return (
    <SectionPage sectionKey="projects" extra={<ReportProblem />}>
      <Card title={t('projects.pathTitle')} className="bs-card">
        <Steps
          className="bs-bid-path"
          current={-1}
          items={PATH.map((s) => ({
            key: s.key,
            title: t(`projects.pathSteps.${s.key}.title`),
            content: t(`projects.pathSteps.${s.key}.content`),
            icon: s.icon,
            status: 'wait' as const,
          }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card className="bs-card bs-card-fill">
            {bidder ? (
              <ProjectList key={bidder.id} bidderId={bidder.id} onCreate={() => setCreating(true)} />
            ) : (
              <EmptyState title={t('projects.noBidderTitle')} description={t('projects.noBidderDescription')}>
                <Button type="primary" onClick={() => navigate('/vault')} data-testid="projects-to-vault">{t('projects.toVault')}</Button>
              </EmptyState>
            )}
            {bidder && (
              <ProjectForm
                open={creating}
                bidder={{ id: bidder.id, name: bidder.name, uscc: bidder.uscc }}
                onClose={() => setCreating(false)}
                onCreated={(p) => {
                  setCreating(false);
                  navigate(`/projects/${p.id}`);
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('common.firstSteps')} className="bs-card bs-card-fill">
            <ol className="bs-badge-list">
              {FIRST_STEPS.map((s, i) => (
                <li key={s.key}>
                  <span className="bs-first-steps-index" aria-hidden="true">{i + 1}</span>
                  <div className="bs-first-steps-body">
                    <div className="bs-badge-list-title">{t(`projects.firstSteps.${s.key}.title`)}</div>
                    <Typography.Paragraph type="secondary" className="bs-first-steps-desc">
                      {t(`projects.firstSteps.${s.key}.content`)}
                    </Typography.Paragraph>
                    <Button type="link" size="small" className="bs-first-steps-link" icon={s.icon} onClick={() => navigate(`/${s.key}`)}>
                      {t('common.goTo', { section: t(`nav.${s.key}`) })}
                      <RightOutlined />
                    </Button>
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
    </SectionPage>
  );
}
