// Runs in the renderer. "My certificates": import certificate files (read here, parsed by
// certs.inspect), list them as cards, and show the detected signing ↔ encryption pairs.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Row, Space, Tag, Typography } from 'antd';
import { ImportOutlined, LinkOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import { EmptyState } from '../../components/EmptyState';
import { CertCard } from './CertCard';
import { PAIR_REASON_KEYS, bytesToBase64, displayName, pemBundleBase64, type FpPair, type MyCert } from './model';

export const CERT_ACCEPT = '.cer,.crt,.pem,.der,.p7b';

/** Pairs across the whole list: certs.inspect on one PEM bundle of every certificate. */
function usePairs(list: MyCert[]): FpPair[] {
  const [pairs, setPairs] = useState<FpPair[]>([]);
  const key = list.map((c) => c.view.fingerprintSha256).join(',');
  useEffect(() => {
    let live = true;
    if (list.length < 2) {
      setPairs([]);
      return;
    }
    void client['certs.inspect']({ data: pemBundleBase64(list.map((c) => c.view.der)) }).then((r) => {
      if (!live || !r.ok) return;
      const fp = (i: number) => r.value.certificates[i]?.fingerprintSha256 ?? '';
      setPairs(r.value.pairs.map((p) => ({ signing: fp(p.signing), encryption: fp(p.encryption), confidence: p.confidence, reasons: p.reasons })));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the fingerprints
  }, [key]);
  return pairs;
}

export function MyCertificates({ list, add, remove }: { list: MyCert[]; add: (items: Array<Omit<MyCert, 'addedAt'>>) => { added: number; duplicates: number }; remove: (fp: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pairs = usePairs(list);
  const byFp = new Map(list.map((c) => [c.view.fingerprintSha256, c]));

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const items: Array<Omit<MyCert, 'addedAt'>> = [];
    try {
      for (const file of Array.from(files)) {
        const data = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
        const r = await client['certs.inspect']({ data });
        if (!r.ok) {
          void message.error(`${t('certificates.mine.importError', { file: file.name })}：${errorText(r.error)}`);
          continue;
        }
        for (const view of r.value.certificates) items.push({ view, fileName: file.name });
      }
      if (items.length) {
        const { added, duplicates } = add(items);
        if (added) void message.success(t('certificates.mine.imported', { count: added }));
        if (duplicates && !added) void message.info(t('certificates.mine.duplicate'));
      }
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const partner = (fp: string) => {
    const p = pairs.find((x) => x.signing === fp || x.encryption === fp);
    const other = p && byFp.get(p.signing === fp ? p.encryption : p.signing);
    return other ? displayName(other.view) : undefined;
  };

  return (
    <Card
      className="bs-card"
      data-testid="my-certificates"
      title={
        <Space size={8}>
          <SafetyCertificateOutlined className="bs-card-title-icon" />
          {t('certificates.mine.title')}
          {list.length > 0 && <Tag className="bs-count-tag">{t('certificates.mine.count', { count: list.length })}</Tag>}
        </Space>
      }
      extra={
        <Button type="primary" icon={<ImportOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="cert-import">
          {t('certificates.mine.import')}
        </Button>
      }
    >
      <input ref={input} type="file" multiple accept={CERT_ACCEPT} hidden data-testid="cert-import-input" onChange={(e) => void onFiles(e.target.files)} />
      {list.length === 0 ? (
        <EmptyState title={t('certificates.mine.emptyTitle')} description={t('certificates.mine.emptyDescription')} image={<SafetyCertificateOutlined className="bs-empty-icon" />} testId="my-certificates-empty">
          <Button type="primary" icon={<ImportOutlined />} onClick={() => input.current?.click()}>
            {t('certificates.mine.import')}
          </Button>
        </EmptyState>
      ) : (
        <div className="bs-stack">
          <Typography.Text type="secondary" className="bs-cert-hint">{t('certificates.mine.importHint')}</Typography.Text>
          {pairs.map((p) => {
            const s = byFp.get(p.signing);
            const e = byFp.get(p.encryption);
            if (!s || !e) return null;
            return (
              <Alert
                key={`${p.signing}-${p.encryption}`}
                type="success"
                showIcon
                icon={<LinkOutlined />}
                data-testid="cert-pair"
                title={
                  <Space size={8}>
                    {t('certificates.mine.pairTitle')}
                    <Tag color={p.confidence === 'high' ? 'green' : p.confidence === 'medium' ? 'blue' : 'default'}>{t(`certificates.mine.pairConfidence.${p.confidence}`)}</Tag>
                  </Space>
                }
                description={
                  <div className="bs-pair-desc">
                    <div>{t('certificates.mine.pairDescription', { signing: displayName(s.view), encryption: displayName(e.view) })}</div>
                    <div className="bs-pair-reasons">
                      {p.reasons.map((r) => {
                        const k = PAIR_REASON_KEYS[r];
                        return <Tag key={r} bordered={false}>{k ? t(`certificates.mine.pairReasons.${k}` as 'certificates.mine.pairReasons.sameIssuer') : r}</Tag>;
                      })}
                    </div>
                  </div>
                }
              />
            );
          })}
          <Row gutter={[16, 16]}>
            {list.map((c, i) => (
              <Col key={c.view.fingerprintSha256} xs={24} xl={12}>
                <CertCard cert={c} index={i} pairedWith={partner(c.view.fingerprintSha256)} onRemove={() => remove(c.view.fingerprintSha256)} />
              </Col>
            ))}
          </Row>
        </div>
      )}
    </Card>
  );
}
