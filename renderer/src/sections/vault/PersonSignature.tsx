// Runs in the renderer. A person's handwritten signature (手写签名) in the staff list: the newest one as a
// thumbnail with when it was drawn (and how many are kept), draw, redraw, draw another, delete the newest. The pictures are kept encrypted in the
// vault (vault/signatures.ts); the thumbnail's blob: URL lives only while it is shown.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import type { Person } from '../../vault/model';
import { deleteSignature, saveSignature, signaturesOf, type StoredSignature } from '../../vault/signatures';
import { SignaturePadModal } from '../../components/signature/SignaturePad';
import { errorText } from './util';
import { useVaultTask } from './useVaultTask';

/** When a signature was drawn, in Beijing time (the zone is said by the strings that show it). */
export const drawnAtText = (iso: string, lang: string) => new Date(iso).toLocaleString(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
export const drawnOnText = (iso: string, lang: string) => new Date(iso).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

export function PersonSignature({ bidderId, personId, person }: { bidderId: string; personId: string; person: Person }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { vault, refresh } = useVaultSession();
  const [latest, setLatest] = useState<(StoredSignature & { url: string }) | null>(null);
  // 'redraw' replaces the newest signature, 'add' keeps it beside the new one (a person may keep several)
  const [drawing, setDrawing] = useState<false | 'redraw' | 'add'>(false);
  const key = person.signatureIds.join(',');

  useEffect(() => {
    let url: string | undefined;
    let gone = false;
    void signaturesOf(vault, { ...person, signatureIds: person.signatureIds.slice(0, 1) }).then(([s]) => {
      if (gone) return;
      url = s && URL.createObjectURL(new Blob([s.png as BlobPart], { type: 'image/png' }));
      setLatest(s && url ? { ...s, url } : null);
    });
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
    // the person's list of signatures is what changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vault, key]);

  const save = async (png: Uint8Array) => {
    try {
      await saveSignature(vault, bidderId, personId, png, drawing === 'redraw' ? latest?.id : undefined);
      message.success(t('signature.person.saved', { name: person.name }));
      setDrawing(false);
      await refresh();
    } catch (e) {
      message.error(errorText(e, i18n.language));
    }
  };
  const remove = async () => {
    if (!latest) return;
    try {
      await deleteSignature(vault, bidderId, personId, latest.id);
      message.success(t('signature.person.deleted'));
      await refresh();
    } catch (e) {
      message.error(errorText(e, i18n.language));
    }
  };

  return (
    <div className="bs-person-signature" data-testid="person-signature" data-person={person.name} data-has-signature={!!latest}>
      {latest ? (
        <Space size={4} wrap>
          <Tooltip title={t('signature.person.drawnAt', { at: drawnAtText(latest.drawnAt, i18n.language) })}>
            <img className="bs-signature-thumb" src={latest.url} alt={t('signature.person.thumbAlt', { name: person.name })} data-testid="person-signature-thumb" />
          </Tooltip>
          {person.signatureIds.length > 1 && <Tag data-testid="person-signature-count">{t('signature.person.count', { count: person.signatureIds.length })}</Tag>}
          <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setDrawing('redraw')} aria-label={t('signature.person.redraw')} title={t('signature.person.redraw')} data-testid="person-signature-redraw" />
          <Button type="text" size="small" icon={<PlusOutlined />} onClick={() => setDrawing('add')} aria-label={t('signature.person.another')} title={t('signature.person.another')} data-testid="person-signature-add" />
          <Popconfirm title={t('signature.person.confirmDelete')} onConfirm={() => void remove()} okButtonProps={{ danger: true }}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('signature.person.delete')} title={t('signature.person.delete')} data-testid="person-signature-delete" />
          </Popconfirm>
        </Space>
      ) : (
        <Button size="small" icon={<PlusOutlined />} onClick={() => setDrawing('add')} data-testid="person-signature-draw">
          {t('signature.person.draw')}
        </Button>
      )}
      <SignaturePadModal open={drawing !== false} personName={person.name} onCancel={() => setDrawing(false)} onSave={save} />
    </div>
  );
}

/** Above the staff list: the legal representative named in the company profile, when no person has that name yet. */
export function LegalRepMissing({ bidderId, name, people }: { bidderId: string; name: string; people: readonly Person[] }) {
  const { t } = useTranslation();
  const { vault, refresh } = useVaultSession();
  const { busy, run } = useVaultTask();
  if (!name.trim() || people.some((p) => p.name.trim() === name.trim())) return null;
  const add = () =>
    run('task', async () => {
      await vault.put('personnel', bidderId, { name: name.trim(), role: t('signature.person.legalRep') });
      await refresh();
    });
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={<Typography.Text>{t('signature.person.legalMissing', { name })}</Typography.Text>}
      action={
        <Button size="small" type="primary" loading={!!busy} onClick={() => void add()} data-testid="legal-rep-add">
          {t('signature.person.addLegal')}
        </Button>
      }
      data-testid="legal-rep-missing"
    />
  );
}
