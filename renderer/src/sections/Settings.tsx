// Runs in the renderer. Settings: language, diagnostics (app.doctor) and About (app.info).
import { Button, Card, Col, Descriptions, Radio, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { useAppInfo } from '../hooks/appInfo';
import { SectionPage } from '../components/SectionPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { isLanguage, setLanguage, type Language } from '../../i18n';
import type { Response } from '../../../shared/ipc/contract';

type Doctor = Response<'app.doctor'>;
type Tool = Doctor['tools'][number];

const vPrefix = (v: string) => (v.startsWith('v') ? v : `v${v}`);

function FoundTag({ found }: { found: boolean }) {
  const { t } = useTranslation();
  return found ? (
    <Tag color="success" icon={<CheckCircleOutlined />}>{t('common.found')}</Tag>
  ) : (
    <Tag color="warning" icon={<CloseCircleOutlined />}>{t('common.missing')}</Tag>
  );
}

function LanguageCard() {
  const { t, i18n } = useTranslation();
  return (
    <Card title={t('settings.languageTitle')} className="bs-card bs-card-fill" data-testid="settings-language">
      <Typography.Paragraph type="secondary">{t('settings.languageDescription')}</Typography.Paragraph>
      <Radio.Group
        value={i18n.language}
        onChange={(e) => {
          const v: unknown = e.target.value;
          if (isLanguage(v)) void setLanguage(v);
        }}
        aria-label={t('header.language')}
        options={[
          { value: 'zh-CN' satisfies Language, label: <span lang="zh-CN">{t('settings.languageZhOption')}</span> },
          { value: 'en-US' satisfies Language, label: <span lang="en-US">{t('settings.languageEnOption')}</span> },
        ]}
        className="bs-lang-radio"
      />
    </Card>
  );
}

function AboutCard() {
  const { t } = useTranslation();
  const info = useAppInfo();
  return (
    <Card title={t('settings.aboutTitle')} className="bs-card bs-card-fill" data-testid="settings-about">
      {info.status === 'error' ? (
        <ErrorAlert title={t('settings.aboutError')} error={info.error} onRetry={info.reload} />
      ) : !info.value ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <Descriptions
          column={1}
          size="small"
          styles={{ label: { width: 120 } }}
          items={[
            { key: 'name', label: t('settings.aboutName'), children: t('app.fullName') },
            { key: 'version', label: t('settings.aboutVersion'), children: <span data-testid="about-version">{info.value.version}</span> },
            { key: 'host', label: t('settings.aboutHost'), children: info.value.host === 'electron' ? t('header.hostElectron') : t('header.hostNode') },
            { key: 'platform', label: t('settings.aboutPlatform'), children: <span className="bs-mono">{`${info.value.platform} / ${info.value.arch}`}</span> },
            { key: 'node', label: t('settings.aboutNode'), children: vPrefix(info.value.versions.node) },
            { key: 'electron', label: t('settings.aboutElectron'), children: info.value.versions.electron ?? t('common.notAvailable') },
            { key: 'chrome', label: t('settings.aboutChrome'), children: info.value.versions.chrome ?? t('common.notAvailable') },
          ]}
        />
      )}
    </Card>
  );
}

function electronText(t: TFunction, e: Doctor['electron']): string {
  if (e.installed && e.binaryPresent) return t('settings.electronPresent', { version: e.version ?? '' });
  if (e.installed) return t('settings.electronPackageOnly', { version: e.version ?? '' });
  return t('settings.electronMissing');
}

function DiagnosticsCard() {
  const { t } = useTranslation();
  const doctor = useIpc(() => client['app.doctor']({}));
  const d = doctor.value;
  return (
    <Card
      title={t('settings.diagnosticsTitle')}
      className="bs-card"
      data-testid="settings-diagnostics"
      extra={
        <Button icon={<ReloadOutlined />} onClick={doctor.reload} loading={doctor.status === 'loading'} data-testid="diagnostics-refresh">
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.diagnosticsDescription')}</Typography.Paragraph>
      {doctor.status === 'error' && <ErrorAlert title={t('settings.diagnosticsError')} error={doctor.error} onRetry={doctor.reload} />}
      {doctor.status !== 'error' && !d && <Skeleton active paragraph={{ rows: 5 }} />}
      {d && (
        <div className="bs-stack" aria-busy={doctor.status === 'loading'}>
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 160, whiteSpace: 'nowrap' } }}
            items={[
              { key: 'node', label: t('settings.node'), children: <span data-testid="doctor-node">{vPrefix(d.node)}</span> },
              { key: 'platform', label: t('settings.platform'), children: <span className="bs-mono">{d.platform}</span> },
              {
                key: 'electron',
                label: t('settings.electron'),
                children: (
                  <span data-testid="doctor-electron">
                    <FoundTag found={d.electron.installed && d.electron.binaryPresent} /> {electronText(t, d.electron)}
                  </span>
                ),
              },
              {
                key: 'pkcs11',
                label: t('settings.pkcs11'),
                children:
                  d.pkcs11Modules.length === 0 ? (
                    <span data-testid="doctor-pkcs11">
                      <FoundTag found={false} /> {t('settings.pkcs11None')}
                    </span>
                  ) : (
                    <ul className="bs-plain-list" data-testid="doctor-pkcs11">
                      {d.pkcs11Modules.map((m) => (
                        <li key={m.path}>
                          <Tag color="blue">{m.label}</Tag>
                          <Typography.Text code>{m.path}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ),
              },
            ]}
          />
          <Typography.Title level={3} className="bs-subheading">
            {t('settings.toolsTitle')}
          </Typography.Title>
          <Table<Tool>
            size="small"
            pagination={false}
            rowKey="name"
            data-testid="doctor-tools"
            dataSource={d.tools}
            columns={[
              { title: t('settings.toolName'), dataIndex: 'name', width: 180, render: (v: string) => <Typography.Text strong className="bs-mono">{v}</Typography.Text> },
              { title: t('settings.toolStatus'), key: 'found', width: 120, render: (_, r) => <FoundTag found={r.found} /> },
              {
                title: t('settings.toolVersion'),
                key: 'version',
                render: (_, r) =>
                  r.found ? (
                    <span className={r.version ? 'bs-mono' : undefined}>{r.version ?? t('common.notAvailable')}</span>
                  ) : r.installHint ? (
                    <Typography.Text code copyable>
                      {r.installHint}
                    </Typography.Text>
                  ) : (
                    t('common.notAvailable')
                  ),
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

export default function Settings() {
  return (
    <SectionPage sectionKey="settings">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <LanguageCard />
        </Col>
        <Col xs={24} xl={14}>
          <AboutCard />
        </Col>
      </Row>
      <DiagnosticsCard />
    </SectionPage>
  );
}
