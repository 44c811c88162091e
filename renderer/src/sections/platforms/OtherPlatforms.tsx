// Runs in the renderer. The platforms outside the notice's twelve: the local reference platform and
// the user's own (removable), with the form to add one.
import { useState } from 'react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { DeleteOutlined, PlusOutlined, AppstoreAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import { CustomPlatformForm } from './CustomPlatformForm';
import { KIND_COLOR, useLang, type Platform } from './model';

export function OtherPlatforms({ platforms, onOpen, onChanged }: { platforms: Platform[]; onOpen: (p: Platform) => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [adding, setAdding] = useState(false);

  const remove = async (id: string) => {
    const r = await client['platforms.removeCustom']({ id });
    if (!r.ok) return void message.error(`${t('platforms.others.removeError')}：${errorText(r.error)}`);
    void message.success(t('platforms.others.removed'));
    onChanged();
  };

  return (
    <IconCard
      layout="table"
      data-testid="platforms-others"
      icon={<AppstoreAddOutlined />}
      title={t('platforms.others.title')}
      lead={t('platforms.others.description')}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="platform-add">
          {t('platforms.others.add')}
        </Button>
      }
    >
      <Table<Platform>
        data-testid="platforms-other-table"
        size="middle"
        pagination={false}
        rowKey="id"
        dataSource={platforms}
        onRow={(p) => ({ onClick: () => onOpen(p), className: 'bs-platform-row' })}
        columns={[
          { title: t('platforms.columns.name'), key: 'name', render: (_, p) => <span data-testid={`platform-row-${p.id}`}>{p.name[lang]}</span> },
          { title: t('platforms.columns.kind'), key: 'kind', width: 190, render: (_, p) => <Tag color={KIND_COLOR[p.kind]}>{t(`platforms.kind.${p.kind}`)}</Tag> },
          { title: t('platforms.detail.endpoint'), key: 'endpoint', width: 280, render: (_, p) => (p.upload.endpoint ? <Typography.Text code>{p.upload.endpoint}</Typography.Text> : <Typography.Text type="secondary">{t('platforms.none')}</Typography.Text>) },
          {
            title: t('platforms.columns.actions'),
            key: 'actions',
            width: 170,
            align: 'center',
            render: (_, p) => (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button type="link" size="small" onClick={() => onOpen(p)}>
                  {t('platforms.details')}
                </Button>
                {p.source === 'user' && (
                  <Popconfirm title={t('platforms.others.removeConfirm')} onConfirm={() => remove(p.id)} okText={t('platforms.others.remove')} okButtonProps={{ danger: true }}>
                    <Button type="text" danger size="small" icon={<DeleteOutlined />} data-testid={`platform-remove-${p.id}`}>
                      {t('platforms.others.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CustomPlatformForm
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(p) => {
          setAdding(false);
          void message.success(t('platforms.custom.added', { name: p.name[lang] }));
          onChanged();
        }}
      />
    </IconCard>
  );
}
