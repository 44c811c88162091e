// Runs in the renderer. The record tabs of the vault, each a RecordTab with its fields and columns:
// qualifications 资质, staff 人员 (ID numbers shown masked), past projects 业绩, financial statements,
// the CA certificates a bidder bids with. The read-only bid history is HistoryTab.tsx.
import { useEffect, useState } from 'react';
import { App, Button, Tag, Typography, Upload } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { maskIdNumber, type Person } from '../../vault/model';
import { deletePerson } from '../../vault/signatures';
import { LegalRepMissing, PersonSignature } from './PersonSignature';
import { RecordTab, scanCount, type FieldSpec } from './RecordTab';
import { useVaultTask } from './useVaultTask';
import { client } from '../../ipc/client';
import { must } from '../../files/store';
import { addCertificates } from '../../vault/certificates';
import { bytesToBase64 } from '../../../../shared/encoding/base64';

const yuan = (s: string | undefined) => (s ? `¥${s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}` : '');

export function QualificationsTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  const fields: FieldSpec[] = [
    { name: 'type', label: 'type', type: 'text', required: true },
    { name: 'grade', label: 'grade', type: 'text' },
    { name: 'number', label: 'number', type: 'text' },
    { name: 'issuer', label: 'issuer', type: 'text' },
    { name: 'validFrom', label: 'validFrom', type: 'date' },
    { name: 'validTo', label: 'validTo', type: 'date' },
    { name: 'attachmentIds', label: 'scans', type: 'scans', span: 24 },
    { name: 'notes', label: 'notes', type: 'textarea', span: 24 },
  ];
  return (
    <RecordTab
      kind="qualifications"
      bidderId={bidderId}
      testId="vault-qualifications"
      fields={fields}
      columns={[
        { key: 'type', title: f('type'), render: (v) => <Typography.Text strong>{v.type}</Typography.Text> },
        { key: 'grade', title: f('grade'), render: (v) => v.grade },
        { key: 'number', title: f('number'), render: (v) => <span className="bs-mono">{v.number}</span> },
        { key: 'issuer', title: f('issuer'), render: (v) => v.issuer },
        { key: 'validTo', title: f('validTo'), render: (v) => v.validTo },
        { key: 'scans', title: f('scans'), render: (v) => scanCount(v.attachmentIds) },
      ]}
    />
  );
}

export function PersonnelTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  const { vault, bidders, revision } = useVaultSession();
  // the legal representative is the person of the name in the company profile (法定代表人)
  const legal = bidders.find((b) => b.id === bidderId)?.value?.legalRepresentative.trim() ?? '';
  const [people, setPeople] = useState<Person[] | null>(null);
  useEffect(() => {
    void vault.list('personnel', bidderId).then((l) => setPeople(l.flatMap((e) => (e.value ? [e.value] : []))), () => setPeople(null));
  }, [vault, bidderId, revision]);
  return (
    <>
    {people && <LegalRepMissing bidderId={bidderId} name={legal} people={people} />}
    <RecordTab
      kind="personnel"
      bidderId={bidderId}
      testId="vault-personnel"
      onRemove={(id) => deletePerson(vault, id)}
      fields={[
        { name: 'name', label: 'personName', type: 'text', required: true },
        { name: 'idNumber', label: 'idNumber', type: 'idNumber' },
        { name: 'role', label: 'role', type: 'text' },
        { name: 'phone', label: 'phone', type: 'text' },
        { name: 'titles', label: 'titles', type: 'tags', span: 24 },
        { name: 'certificates', label: 'certificates', type: 'certList', span: 24 },
        { name: 'attachmentIds', label: 'scans', type: 'scans', span: 24 },
      ]}
      columns={[
        {
          key: 'name',
          title: f('personName'),
          render: (v) => (
            <>
              <Typography.Text strong>{v.name}</Typography.Text>
              {legal && v.name.trim() === legal && <Tag color="blue" style={{ marginInlineStart: 6 }}>{t('signature.person.legalRep')}</Tag>}
            </>
          ),
        },
        { key: 'id', title: f('idNumber'), render: (v) => <span className="bs-mono" data-testid="masked-id">{maskIdNumber(v.idNumber)}</span> },
        { key: 'role', title: f('role'), render: (v) => v.role },
        { key: 'titles', title: f('titles'), render: (v) => v.titles.map((x) => <Tag key={x}>{x}</Tag>) },
        {
          key: 'certs',
          title: f('certificates'),
          render: (v) =>
            v.certificates.map((c, i) => (
              <div key={i}>
                {c.name}
                {c.validTo && <Typography.Text type="secondary"> · {c.validTo}</Typography.Text>}
              </div>
            )),
        },
        { key: 'signature', title: t('signature.person.column'), render: (v, id) => <PersonSignature bidderId={bidderId} personId={id} person={v} /> },
      ]}
    />
    </>
  );
}

export function ProjectsTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  return (
    <RecordTab
      kind="projects"
      bidderId={bidderId}
      testId="vault-projects"
      fields={[
        { name: 'name', label: 'projectName', type: 'text', required: true, span: 24 },
        { name: 'client', label: 'client', type: 'text' },
        { name: 'amount', label: 'amount', type: 'amount' },
        { name: 'signedOn', label: 'signedOn', type: 'date' },
        { name: 'completedOn', label: 'completedOn', type: 'date' },
        { name: 'contractAttachmentIds', label: 'contractScans', type: 'scans' },
        { name: 'acceptanceAttachmentIds', label: 'acceptanceScans', type: 'scans' },
        { name: 'description', label: 'description', type: 'textarea', span: 24 },
      ]}
      columns={[
        { key: 'name', title: f('projectName'), render: (v) => <Typography.Text strong>{v.name}</Typography.Text> },
        { key: 'client', title: f('client'), render: (v) => v.client },
        { key: 'amount', title: f('amount'), render: (v) => <span className="bs-mono">{yuan(v.amount)}</span> },
        { key: 'completedOn', title: f('completedOn'), render: (v) => v.completedOn },
        { key: 'scans', title: f('scans'), render: (v) => scanCount([...v.contractAttachmentIds, ...v.acceptanceAttachmentIds]) },
      ]}
    />
  );
}

export function FinancialsTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  return (
    <RecordTab
      kind="financials"
      bidderId={bidderId}
      testId="vault-financials"
      defaults={{ year: new Date().getFullYear() - 1 }}
      fields={[
        { name: 'year', label: 'year', type: 'year', required: true },
        { name: 'auditor', label: 'auditor', type: 'text' },
        { name: 'revenue', label: 'revenue', type: 'amount' },
        { name: 'netProfit', label: 'netProfit', type: 'signedAmount' },
        { name: 'totalAssets', label: 'totalAssets', type: 'amount' },
        { name: 'attachmentIds', label: 'scans', type: 'scans', span: 24 },
      ]}
      columns={[
        { key: 'year', title: f('year'), render: (v) => <Typography.Text strong>{v.year}</Typography.Text> },
        { key: 'auditor', title: f('auditor'), render: (v) => v.auditor },
        { key: 'revenue', title: f('revenue'), render: (v) => <span className="bs-mono">{yuan(v.revenue)}</span> },
        { key: 'netProfit', title: f('netProfit'), render: (v) => <span className="bs-mono">{yuan(v.netProfit)}</span> },
        { key: 'totalAssets', title: f('totalAssets'), render: (v) => <span className="bs-mono">{yuan(v.totalAssets)}</span> },
      ]}
    />
  );
}

/** Reads certificates from a file through certs.inspect and keeps the bidder's own (not CA) ones. */
function ImportCertificates({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { vault, refresh } = useVaultSession();
  const { busy, run } = useVaultTask();
  const read = (file: File) =>
    run('task', async () => {
      const r = await must(client['certs.inspect']({ data: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }));
      const mine = r.certificates.filter((c) => !c.isCa);
      if (!mine.length) {
        message.warning(t('vault.certs.noneFound'));
        return;
      }
      const { added } = await addCertificates(vault, bidderId, mine.map((view) => ({ view, fileName: file.name })));
      if (!added) {
        message.info(t('certificates.mine.duplicate'));
        return;
      }
      message.success(t('vault.certs.imported', { count: added }));
      await refresh();
    });
  return (
    <Upload accept=".cer,.crt,.der,.pem,.p7b,.p7c" showUploadList={false} beforeUpload={(f) => (void read(f), Upload.LIST_IGNORE)}>
      <Button icon={<ImportOutlined />} loading={!!busy} data-testid="vault-certificates-import">
        {t('vault.certs.importFile')}
      </Button>
    </Upload>
  );
}

export function CertificatesTab({ bidderId }: { bidderId: string }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`vault.fields.${k}` as 'vault.fields.name');
  const roles = (['signing', 'encryption', 'dual', 'unknown'] as const).map((r) => ({ value: r, label: t(`vault.roles.${r}`) }));
  return (
    <RecordTab
      kind="certificates"
      bidderId={bidderId}
      testId="vault-certificates"
      extraActions={<ImportCertificates bidderId={bidderId} />}
      defaults={{ role: 'signing' }}
      fields={[
        { name: 'label', label: 'label', type: 'text', required: true },
        { name: 'role', label: 'certRole', type: 'select', options: roles },
        { name: 'serialNumber', label: 'serialNumber', type: 'text' },
        { name: 'notAfter', label: 'notAfter', type: 'date' },
        { name: 'subject', label: 'subject', type: 'text', span: 24 },
        { name: 'issuer', label: 'issuer', type: 'text', span: 24 },
      ]}
      columns={[
        { key: 'label', title: f('label'), render: (v) => <Typography.Text strong>{v.label}</Typography.Text> },
        { key: 'role', title: f('certRole'), render: (v) => <Tag>{t(`vault.roles.${v.role}`)}</Tag> },
        { key: 'serial', title: f('serialNumber'), render: (v) => <span className="bs-mono">{v.serialNumber}</span> },
        { key: 'notAfter', title: f('notAfter'), render: (v) => v.notAfter?.slice(0, 10) },
      ]}
    />
  );
}
