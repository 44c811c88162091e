// Runs in the renderer. Bid projects: the bid path and the (for now empty) project list.
import { Button, Card, Col, Row, Steps, Typography } from 'antd';
import { CloudUploadOutlined, DatabaseOutlined, FileAddOutlined, LockOutlined, PlusOutlined, SafetyCertificateOutlined, BankOutlined, SignatureOutlined, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ComingSoonButton } from '../components/ComingSoonButton';

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

export default function Projects() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SectionPage sectionKey="projects">
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
            <EmptyState title={t('projects.emptyTitle')} description={t('projects.emptyDescription')}>
              <ComingSoonButton type="primary" icon={<PlusOutlined />} label={t('projects.create')} testId="projects-create" />
            </EmptyState>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('common.firstSteps')} className="bs-card bs-card-fill">
            <ol className="bs-first-steps">
              {FIRST_STEPS.map((s, i) => (
                <li key={s.key}>
                  <span className="bs-first-steps-index" aria-hidden="true">{i + 1}</span>
                  <div className="bs-first-steps-body">
                    <div className="bs-first-steps-title">{t(`projects.firstSteps.${s.key}.title`)}</div>
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
