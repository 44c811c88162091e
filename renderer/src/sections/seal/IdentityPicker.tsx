// Runs in the renderer. Picks a DECRYPTION identity (the test decryption after sealing, opening a bid): a key
// file whose certificate allows encryption (keys.inspect: canDecrypt), or an encryption certificate on a USB
// key with its PIN. CarrierPicker (components/) picks signing keys; this is its counterpart for envelopes.
// Key bytes, password and PIN stay in this component's state and go out with the one request that needs them.
import { useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Spin, Typography } from 'antd';
import { KeyOutlined, LockOutlined, SearchOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { IpcError, Response, TokenSlotView } from '../../../../shared/ipc/contract';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { CarrierChoice } from '../../components/CarrierPicker';
import { KEY_FILE_ACCEPT } from '../certificates/KeyFile';
import { bytesToBase64, displayName } from '../certificates/model';

type KeyState = { s: 'none' } | { s: 'reading' } | { s: 'password'; error?: IpcError } | { s: 'ok'; info: Response<'keys.inspect'> } | { s: 'error'; error: IpcError };

function KeyFile({ onChange, testId }: { onChange(c: CarrierChoice | null): void; testId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [password, setPassword] = useState('');
  const [state, setState] = useState<KeyState>({ s: 'none' });
  const open = async (f: { name: string; data: string }, pw?: string) => {
    setState({ s: 'reading' });
    const r = await client['keys.inspect']({ data: f.data, ...(pw ? { password: pw } : {}) });
    if (!r.ok) {
      onChange(null);
      if (r.error.code === 'E_PASSWORD_REQUIRED' || (r.error.code === 'E_WRONG_PASSWORD' && pw)) setState({ s: 'password', ...(pw ? { error: r.error } : {}) });
      else setState({ s: 'error', error: r.error });
      return;
    }
    setState({ s: 'ok', info: r.value });
    const e = r.value.entries.find((x) => x.canDecrypt);
    onChange(e ? { carrier: { kind: 'software', data: f.data, ...(pw ? { password: pw } : {}), fileName: f.name }, signer: displayName(e.certificate) } : null);
  };
  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    setPassword('');
    onChange(null);
    const f = { name: picked.name, data: bytesToBase64(new Uint8Array(await picked.arrayBuffer())) };
    setFile(f);
    await open(f);
  };
  const dec = state.s === 'ok' ? state.info.entries.find((x) => x.canDecrypt) : undefined;
  return (
    <div className="bs-stack">
      <label className="bs-field">
        <span className="bs-field-label">{t('documents.carrier.keyFile')}</span>
        <input type="file" accept={KEY_FILE_ACCEPT} onChange={(e) => void pick(e.target.files?.[0])} data-testid={`${testId}-input`} aria-label={t('documents.carrier.keyFile')} />
      </label>
      {state.s === 'reading' && <Spin size="small" />}
      {state.s === 'password' && file && (
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password autoFocus value={password} onChange={(e) => setPassword(e.target.value)} onPressEnter={() => password && void open(file, password)} placeholder={t('documents.carrier.password')} autoComplete="off" status={state.error ? 'error' : undefined} prefix={<LockOutlined />} data-testid={`${testId}-password`} aria-label={t('documents.carrier.password')} />
          <Button type="primary" disabled={!password} onClick={() => void open(file, password)} data-testid={`${testId}-password-open`}>
            {t('documents.carrier.open')}
          </Button>
        </Space.Compact>
      )}
      {state.s === 'password' && state.error && <Typography.Text type="danger">{t(`errors.${state.error.code}`)}</Typography.Text>}
      {state.s === 'error' && <ErrorAlert title={t('documents.carrier.openError')} error={state.error} />}
      {state.s === 'ok' &&
        (dec ? (
          <Alert type="success" showIcon icon={<KeyOutlined />} title={t('seal.identity.ready', { name: displayName(dec.certificate) })} data-testid={`${testId}-ready`} />
        ) : (
          <Alert type="warning" showIcon title={t('seal.identity.noDecryptKey')} />
        ))}
    </div>
  );
}

type TokenCert = TokenSlotView['certificates'][number];

function UsbKey({ onChange, testId }: { onChange(c: CarrierChoice | null): void; testId: string }) {
  const { t } = useTranslation();
  const modules = useIpc(() => client['tokens.modules']({}));
  const [modulePath, setModulePath] = useState<string | undefined>();
  const [slots, setSlots] = useState<{ loading: boolean; list?: TokenSlotView[]; error?: IpcError }>({ loading: false });
  const [cert, setCert] = useState<TokenCert | undefined>();
  const [pin, setPin] = useState('');
  const chosen = modulePath ?? modules.value?.modules[0]?.path;
  const certs = (slots.list ?? []).flatMap((s) => s.certificates.filter((c) => c.certificate.role === 'encryption' || c.certificate.role === 'dual').map((c) => ({ slot: s, c })));
  const emit = (c: TokenCert | undefined, p: string) => onChange(c && p && chosen ? { carrier: { kind: 'token', uri: c.uri, modulePath: chosen, pin: p }, signer: displayName(c.certificate) } : null);
  const read = async () => {
    if (!chosen) return;
    setSlots({ loading: true });
    setCert(undefined);
    emit(undefined, pin);
    const r = await client['tokens.slots']({ modulePath: chosen });
    setSlots(r.ok ? { loading: false, list: r.value.slots } : { loading: false, error: r.error });
  };
  return (
    <div className="bs-stack">
      <Space.Compact style={{ width: '100%' }}>
        <Select value={chosen} onChange={setModulePath} loading={modules.status === 'loading'} placeholder={t('documents.carrier.modulePlaceholder')} options={(modules.value?.modules ?? []).map((m) => ({ value: m.path, label: `${m.label} — ${m.path}` }))} style={{ flex: 1, minWidth: 0 }} />
        <Button icon={<SearchOutlined />} disabled={!chosen} loading={slots.loading} onClick={() => void read()} data-testid={`${testId}-read-tokens`}>
          {t('documents.carrier.readTokens')}
        </Button>
      </Space.Compact>
      {modules.status === 'ok' && modules.value.modules.length === 0 && <Alert type="info" showIcon title={t('documents.carrier.noModules')} />}
      {slots.error && <ErrorAlert title={t('documents.carrier.readError')} error={slots.error} onRetry={() => void read()} />}
      {slots.list && certs.length === 0 && <Alert type="info" showIcon title={t('seal.identity.noDecryptKey')} />}
      {certs.length > 0 && (
        <>
          <Select
            value={cert?.uri}
            placeholder={t('documents.carrier.certificate')}
            onChange={(uri: string) => {
              const c = certs.find((x) => x.c.uri === uri)?.c;
              setCert(c);
              emit(c, pin);
            }}
            options={certs.map(({ slot, c }) => ({ value: c.uri, label: `${displayName(c.certificate)} · ${slot.token.label}` }))}
          />
          <Input.Password value={pin} placeholder={t('documents.carrier.pin')} onChange={(e) => { setPin(e.target.value); emit(cert, e.target.value); }} autoComplete="off" prefix={<LockOutlined />} />
        </>
      )}
    </div>
  );
}

/** A decryption identity; `onChange(null)` while incomplete. */
export function IdentityPicker({ onChange, testId = 'identity' }: { onChange(c: CarrierChoice | null): void; testId?: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'software' | 'token'>('software');
  return (
    <div className="bs-stack" data-testid={testId}>
      <Radio.Group
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as 'software' | 'token');
          onChange(null);
        }}
        optionType="button"
        options={[
          { value: 'software', label: <span><KeyOutlined /> {t('documents.carrier.kindFile')}</span> },
          { value: 'token', label: <span><UsbOutlined /> {t('documents.carrier.kindToken')}</span> },
        ]}
      />
      {kind === 'software' ? <KeyFile onChange={onChange} testId={`${testId}-keyfile`} /> : <UsbKey onChange={onChange} testId={`${testId}-token`} />}
    </div>
  );
}
