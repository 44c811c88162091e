// Runs in the renderer. "My certificates": the current bidder's certificates in the vault (the same
// store as the vault's "CA 证书" tab): import certificate files (read here, parsed by certs.inspect),
// list them as cards, and show the detected signing ↔ encryption pairs. Locked → the vault's unlock form.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Col, Row, Space, Spin, Tag, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { DatabaseOutlined, ImportOutlined, LinkOutlined, LockOutlined, SafetyCertificateOutlined, ShopOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useErrorText } from '../../hooks/useErrorText';
import { EmptyState } from '../../components/EmptyState';
import { CertCard } from './CertCard';
import { PAIR_REASON_KEYS, bytesToBase64, displayName, pemBundleBase64, type FpPair, type MyCert, type MyCertificates as Mine } from './model';
import type { CertInput } from '../../vault/certificates';
import { VaultGate } from '../vault/VaultGate';
import { errorText as thrownText } from '../vault/util';

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

/** What the card shows instead of the list while the store cannot be read (locked, no vault, no bidder). */
function NotReady({ mine }: { mine: Mine }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const toVault = (
    <Button type="primary" icon={<DatabaseOutlined />} onClick={() => navigate('/vault')} data-testid="my-certificates-to-vault">
      {t('certificates.store.toVault')}
    </Button>
  );
  if (mine.status === 'loading') return <Spin />;
  if (mine.status === 'error') return <Alert type="error" showIcon title={t('certificates.store.loadError')} description={thrownText(mine.error, i18n.language)} />;
  if (mine.status === 'locked')
    return (
      <div className="bs-stack" data-testid="my-certificates-locked">
        <Typography.Text type="secondary">
          <LockOutlined /> {t('certificates.store.lockedDescription')}
        </Typography.Text>
        <VaultGate mode="unlock" />
      </div>
    );
  const absent = mine.status === 'absent';
  return (
    <EmptyState title={t(absent ? 'certificates.store.absent' : 'certificates.store.noBidder')} description={t(absent ? 'certificates.store.absentDescription' : 'certificates.store.noBidderDescription')} image={<DatabaseOutlined className="bs-empty-icon" />} testId="my-certificates-no-store">
      {toVault}
    </EmptyState>
  );
}

export function MyCertificates({ mine }: { mine: Mine }) {
  const { list } = mine;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const pairs = usePairs(list);
  const byFp = new Map(list.map((c) => [c.view.fingerprintSha256, c]));

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const items: CertInput[] = [];
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
        const { added, duplicates } = await mine.add(items);
        if (added) void message.success(t('certificates.mine.imported', { count: added }));
        if (duplicates && !added) void message.info(t('certificates.mine.duplicate'));
      }
    } catch (e) {
      void message.error(thrownText(e, i18n.language));
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
    <IconCard
      data-testid="my-certificates"
      icon={<SafetyCertificateOutlined />}
      title={
        <>
          {t('certificates.mine.title')}
          {list.length > 0 && <Tag className="bs-count-tag">{t('certificates.mine.count', { count: list.length })}</Tag>}
          {mine.bidder && mine.status === 'ready' && (
            <Tag icon={<ShopOutlined />} bordered={false} data-testid="my-certificates-bidder">
              {t('certificates.store.bidder', { name: mine.bidder.name })}
            </Tag>
          )}
        </>
      }
      extra={
        mine.status === 'ready' && <Button type="primary" icon={<ImportOutlined />} loading={busy} onClick={() => input.current?.click()} data-testid="cert-import">
          {t('certificates.mine.import')}
        </Button>
      }
    >
      <input ref={input} type="file" multiple accept={CERT_ACCEPT} hidden data-testid="cert-import-input" onChange={(e) => void onFiles(e.target.files)} />
      {mine.status !== 'ready' ? (
        <NotReady mine={mine} />
      ) : list.length === 0 ? (
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
                <CertCard cert={c} index={i} pairedWith={partner(c.view.fingerprintSha256)} onRemove={() => void mine.remove(c.id).catch((e: unknown) => void message.error(thrownText(e, i18n.language)))} />
              </Col>
            ))}
          </Row>
          {mine.manual > 0 && <Typography.Text type="secondary" data-testid="my-certificates-manual">{t('certificates.store.manual', { count: mine.manual })}</Typography.Text>}
        </div>
      )}
    </IconCard>
  );
}
