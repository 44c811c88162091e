// Runs in the renderer. "Certificate files (PKCS#12 / PEM)": open a key file (keys.inspect, asking for
// the file password when it needs one), list its certificate + key entries with what they can do and
// how the file is protected, add a certificate to My certificates, and make a test signature with the
// key (keys.testSign, kind 'software'). The file bytes and the password live in this component's state
// only (never localStorage) and are dropped when the card is closed or another file is picked.
import { useRef, useState, type DragEvent } from 'react';
import { Alert, Button, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { IconCard } from '../../components/IconCard';
import { SecretInput } from '../../components/SecretInput';
import {
  CheckCircleOutlined,
  CheckOutlined,
  CloseOutlined,
  FileProtectOutlined,
  InboxOutlined,
  KeyOutlined,
  LockOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  SignatureOutlined,
  SwapOutlined,
  UnlockOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { IpcError, Response } from '../../../../shared/ipc/contract';
import { RemainingTag, RoleTag } from './common';
import { TestSignResult, type TestSignOutcome } from './TestSign';
import { bytesToBase64, displayName, fmtDate, issuerName, type MyCertificates } from './model';
import { useSaveToVault } from './save';

export const KEY_FILE_ACCEPT = '.pfx,.p12,.pem,.key,.der';
const MAX_BYTES = 4 * 1024 * 1024;

type Inspect = Response<'keys.inspect'>;
type Entry = Inspect['entries'][number];
type Stage = { s: 'idle' } | { s: 'reading' } | { s: 'password'; busy: boolean; error?: IpcError } | { s: 'ok'; info: Inspect } | { s: 'error'; error: IpcError };
interface PickedFile {
  name: string;
  size: number;
  /** base64 of the file bytes: component state only */
  data: string;
}

const FORMAT_KEYS = { pkcs12: 'pkcs12', pem: 'pem', pkcs8: 'pkcs8', 'pkcs8-encrypted': 'pkcs8Encrypted', sec1: 'sec1', pkcs1: 'pkcs1', certificate: 'certificate' } as const;
type FormatKey = (typeof FORMAT_KEYS)[keyof typeof FORMAT_KEYS];
const formatKey = (f: string): FormatKey | undefined => (f in FORMAT_KEYS ? FORMAT_KEYS[f as keyof typeof FORMAT_KEYS] : undefined);

/** Legacy PBE schemes (PKCS#12 RC2-40 / 3DES, PBES1 DES / RC2, RC4) that a CA should replace. */
export const isWeakProtection = (scheme: string) => !scheme.startsWith('MAC ') && /RC2|RC4|DES|MD5/i.test(scheme);

const KEY_KIND_LABEL: Record<Entry['keyKind'], string> = { sm2: 'SM2', ec: 'ECDSA', rsa: 'RSA' };

const fmtSize = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

export function KeyFile({ mine }: { mine: MyCertificates }) {
  const { t } = useTranslation();
  const save = useSaveToVault(mine);
  const input = useRef<HTMLInputElement>(null);
  const gen = useRef(0);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [password, setPassword] = useState('');
  const [stage, setStage] = useState<Stage>({ s: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [signing, setSigning] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, TestSignOutcome>>({});

  const fps = new Set(mine.list.map((c) => c.view.fingerprintSha256));

  /** Forget the file, the password and every result (also ignores answers still on the way). */
  const reset = () => {
    gen.current++;
    setFile(null);
    setPassword('');
    setStage({ s: 'idle' });
    setSigning(null);
    setResults({});
    if (input.current) input.current.value = '';
  };

  const inspect = async (f: PickedFile, pw: string | undefined) => {
    const mine = gen.current;
    const r = await client['keys.inspect']({ data: f.data, ...(pw !== undefined ? { password: pw } : {}) });
    if (mine !== gen.current) return;
    if (r.ok) setStage({ s: 'ok', info: r.value });
    else if (r.error.code === 'E_PASSWORD_REQUIRED') setStage({ s: 'password', busy: false });
    else if (r.error.code === 'E_WRONG_PASSWORD' && pw !== undefined) {
      setPassword('');
      setStage({ s: 'password', busy: false, error: r.error });
    } else setStage({ s: 'error', error: r.error });
  };

  const onFile = async (picked: File | undefined) => {
    if (!picked) return;
    reset();
    const mine = gen.current;
    if (picked.size > MAX_BYTES) {
      setFile({ name: picked.name, size: picked.size, data: '' });
      setStage({ s: 'error', error: { code: 'E_BAD_ENCODING', message: t('certificates.keyFile.tooLarge') } });
      return;
    }
    setStage({ s: 'reading' });
    const f = { name: picked.name, size: picked.size, data: bytesToBase64(new Uint8Array(await picked.arrayBuffer())) };
    if (mine !== gen.current) return;
    setFile(f);
    await inspect(f, undefined);
  };

  const onOpen = async () => {
    if (!file || !password || stage.s !== 'password') return;
    setStage({ s: 'password', busy: true });
    await inspect(file, password);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void onFile(e.dataTransfer.files[0]);
  };

  const onAdd = (e: Entry) => {
    if (!file) return;
    void save([{ view: e.certificate, fileName: file.name }]);
  };

  const onTestSign = async (e: Entry) => {
    if (!file) return;
    const mine = gen.current;
    const fp = e.certificate.fingerprintSha256;
    setSigning(fp);
    setResults((all) => {
      const next = { ...all };
      delete next[fp];
      return next;
    });
    const r = await client['keys.testSign']({ carrier: { kind: 'software', data: file.data, ...(password ? { password } : {}), fileName: file.name } });
    if (mine !== gen.current) return;
    setSigning(null);
    setResults((all) => ({ ...all, [fp]: r }));
  };

  const info = stage.s === 'ok' ? stage.info : undefined;
  const fk = info && formatKey(info.format);
  const weak = info?.protection.filter(isWeakProtection) ?? [];

  return (
    <IconCard
      data-testid="key-file"
      icon={<FileProtectOutlined />}
      title={t('certificates.keyFile.title')}
      lead={t('certificates.keyFile.description')}
      extra={
        file && (
          <Space size={8}>
            <Button size="small" icon={<SwapOutlined />} onClick={() => input.current?.click()} data-testid="keyfile-choose-other">
              {t('certificates.keyFile.chooseOther')}
            </Button>
            <Button size="small" icon={<CloseOutlined />} onClick={reset} data-testid="keyfile-close">
              {t('certificates.keyFile.close')}
            </Button>
          </Space>
        )
      }
    >
      <input ref={input} type="file" accept={KEY_FILE_ACCEPT} hidden data-testid="keyfile-input" onChange={(e) => void onFile(e.target.files?.[0])} />
      {!file && stage.s === 'idle' ? (
        <div
          role="button"
          tabIndex={0}
          className={`bs-drop${dragging ? ' bs-drop-active' : ''}`}
          onClick={() => input.current?.click()}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), input.current?.click())}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="keyfile-drop"
        >
          <InboxOutlined className="bs-drop-icon" />
          <div className="bs-drop-title">{t('certificates.keyFile.dropTitle')}</div>
          <div className="bs-drop-hint">{t('certificates.keyFile.dropHint')}</div>
        </div>
      ) : (
        <div className="bs-stack">
          {file && (
            <div className="bs-keyfile-head" data-testid="keyfile-file">
              <span className="bs-icon-tile bs-keyfile-icon" aria-hidden="true">{stage.s === 'password' ? <LockOutlined /> : <KeyOutlined />}</span>
              <div className="bs-keyfile-name">
                <Typography.Text strong ellipsis={{ tooltip: file.name }}>{file.name}</Typography.Text>
                <Typography.Text type="secondary" className="bs-keyfile-size">{fmtSize(file.size)}</Typography.Text>
              </div>
              {info && (
                <div className="bs-keyfile-tags" data-testid="keyfile-format" data-format={info.format}>
                  <Tag color="blue">{fk ? t(`certificates.keyFile.formats.${fk}`) : info.format}</Tag>
                  {info.protection.length === 0 && info.entries.length + info.unpairedKeys > 0 ? (
                    <Tooltip title={t('certificates.keyFile.noProtectionHint')}>
                      <Tag icon={<UnlockOutlined />} data-testid="keyfile-protection">{t('certificates.keyFile.noProtection')}</Tag>
                    </Tooltip>
                  ) : (
                    info.protection.map((p) => (
                      <Tag key={p} color={isWeakProtection(p) ? 'warning' : 'default'} icon={isWeakProtection(p) ? <WarningOutlined /> : <LockOutlined />} data-testid="keyfile-protection" data-weak={isWeakProtection(p)} className="bs-mono-tag">
                        {p}
                      </Tag>
                    ))
                  )}
                </div>
              )}
            </div>
          )}

          {stage.s === 'reading' && (
            <div className="bs-keyfile-reading">
              <Spin size="small" /> <Typography.Text type="secondary">{t('certificates.keyFile.reading')}</Typography.Text>
            </div>
          )}

          {stage.s === 'password' && (
            <div className="bs-keyfile-password" data-testid="keyfile-password-form">
              <Typography.Text strong>
                <LockOutlined /> {t('certificates.keyFile.passwordTitle')}
              </Typography.Text>
              <Typography.Text type="secondary" className="bs-keyfile-password-hint">{t('certificates.keyFile.passwordHint')}</Typography.Text>
              <div className="bs-keyfile-password-row">
                <SecretInput
                  value={password}
                  onChange={setPassword}
                  onSubmit={() => void onOpen()}
                  placeholder={t('certificates.keyFile.passwordPlaceholder')}
                  refused={!!stage.error}
                  disabled={stage.busy}
                  data-testid="keyfile-password"
                  className="bs-keyfile-password-input"
                />
                <Button type="primary" onClick={() => void onOpen()} disabled={!password} loading={stage.busy} data-testid="keyfile-open">
                  {t('certificates.keyFile.open')}
                </Button>
              </div>
              {stage.error && (
                <Typography.Text type="danger" strong data-testid="keyfile-error" data-code={stage.error.code}>
                  {t(`errors.${stage.error.code}`)}
                </Typography.Text>
              )}
            </div>
          )}

          {stage.s === 'error' && (
            <div data-testid="keyfile-error" data-code={stage.error.code}>
              <ErrorAlert title={t('certificates.keyFile.openError')} error={stage.error} />
            </div>
          )}

          {info && (
            <>
              {weak.length > 0 && <Alert type="warning" showIcon title={t('certificates.keyFile.weak')} description={t('certificates.keyFile.weakHint')} data-testid="keyfile-weak" />}
              {info.entries.length === 0 && (
                <Alert type="info" showIcon title={info.format === 'certificate' ? t('certificates.keyFile.certificateOnly') : t('certificates.keyFile.noEntries')} data-testid="keyfile-no-entries" />
              )}
              {info.unpairedKeys > 0 && <Alert type="warning" showIcon title={t('certificates.keyFile.unpaired', { count: info.unpairedKeys })} data-testid="keyfile-unpaired" />}
              {info.entries.length > 0 && (
                <ul className="bs-token-certs" data-testid="keyfile-entries">
                  {info.entries.map((e) => {
                    const c = e.certificate;
                    const fp = c.fingerprintSha256;
                    const added = fps.has(fp);
                    const result = results[fp];
                    return (
                      <li key={fp} className="bs-keyfile-entry" data-testid="keyfile-entry" data-key-kind={e.keyKind}>
                        <div className="bs-token-cert">
                          <div className="bs-token-cert-main">
                            <div className="bs-token-cert-title">
                              <RoleTag role={c.role} />
                              <Typography.Text strong>{displayName(c)}</Typography.Text>
                              {c.organization && <Typography.Text type="secondary">· {c.organization}</Typography.Text>}
                            </div>
                            <div className="bs-token-cert-meta">
                              <Tag bordered={false} className="bs-keykind" data-testid="keyfile-key-kind">
                                {t('certificates.keyFile.keyKind')} {KEY_KIND_LABEL[e.keyKind]}
                              </Tag>
                              <Typography.Text type="secondary">{c.publicKey}</Typography.Text>
                              <Typography.Text type="secondary">·</Typography.Text>
                              <Typography.Text type="secondary">{t('certificates.token.expiresOn', { date: fmtDate(c.notAfter) })}</Typography.Text>
                              <RemainingTag cert={c} />
                            </div>
                            <div className="bs-token-cert-meta">
                              <Tag color={e.canSign ? 'success' : 'default'} icon={e.canSign ? <CheckCircleOutlined /> : <MinusCircleOutlined />} data-testid="keyfile-can-sign" data-value={e.canSign}>
                                {e.canSign ? t('certificates.keyFile.canSign') : t('certificates.keyFile.cannotSign')}
                              </Tag>
                              <Tag color={e.canDecrypt ? 'success' : 'default'} icon={e.canDecrypt ? <CheckCircleOutlined /> : <MinusCircleOutlined />} data-testid="keyfile-can-decrypt" data-value={e.canDecrypt}>
                                {e.canDecrypt ? t('certificates.keyFile.canDecrypt') : t('certificates.keyFile.cannotDecrypt')}
                              </Tag>
                              <Tooltip title={c.issuer}>
                                <Typography.Text type="secondary">{t('certificates.keyFile.issuedBy', { issuer: issuerName(c.issuer) })}</Typography.Text>
                              </Tooltip>
                            </div>
                          </div>
                          <div className="bs-token-cert-actions">
                            <Tooltip title={e.canSign ? undefined : t('certificates.keyFile.noSignHint')}>
                              <Button
                                type="primary"
                                icon={<SignatureOutlined />}
                                disabled={!e.canSign}
                                loading={signing === fp}
                                onClick={() => void onTestSign(e)}
                                data-testid="keyfile-test-sign"
                              >
                                {t('certificates.keyFile.testSign')}
                              </Button>
                            </Tooltip>
                            <Button icon={added ? <CheckOutlined /> : <PlusOutlined />} disabled={added} onClick={() => onAdd(e)} data-testid="keyfile-add">
                              {added ? t('certificates.keyFile.added') : t('certificates.keyFile.add')}
                            </Button>
                          </div>
                        </div>
                        {result && <TestSignResult outcome={result} />}
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </IconCard>
  );
}
