// Runs in the renderer. Picks the identity for an operation: a signing key (document signing, bid sealing)
// or a decryption key (the test decryption after sealing, opening a bid) — `purpose` says which. Either a
// key file (.p12/.pfx/.pem + password, opened with keys.inspect so a wrong password is said at once; it
// must hold a key that may sign, resp. decrypt) or a USB key (PKCS#11 module → token → a signing, resp. an
// encryption certificate, PIN) or a GM USB key through its SKF library (listed by the main process with the
// PIN retry counter, re-read every few seconds so plugging a key in is noticed). Yields a CarrierRequest, or
// null while incomplete. The key bytes, password and PIN live in this component's state only and go out with the one request that needs them; BidSeal
// never stores or logs them. Test ids are `${testId}-…` (default 'carrier').
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Spin, Typography } from 'antd';
import { KeyOutlined, LockOutlined, SearchOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CarrierRequest as CarrierSchema, IpcError, Response, TokenSlotView } from '../../../shared/ipc/contract';
import type { SkfKeyView } from '../../../shared/ipc/schemas';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { ErrorAlert } from './ErrorAlert';
import { AddDriverButton } from './AddDriverButton';
import { KEY_FILE_ACCEPT } from '../sections/certificates/KeyFile';
import { bytesToBase64, displayName } from '../sections/certificates/model';

export type CarrierRequest = z.infer<typeof CarrierSchema>;

export interface CarrierChoice {
  carrier: CarrierRequest;
  /** who will sign (or whose key decrypts), for the confirmation text */
  signer: string;
  /** the certificate (DER, base64) when the picker knows it: checked against a seal before any PIN is used */
  certificate?: string;
}

export type CarrierPurpose = 'sign' | 'decrypt';

type TokenCert = TokenSlotView['certificates'][number];

/** What each purpose accepts and says. */
const PURPOSE = {
  sign: {
    keyEntry: (e: Response<'keys.inspect'>['entries'][number]) => e.canSign,
    tokenCert: (c: TokenCert) => c.certificate.role !== 'encryption',
    ready: 'documents.carrier.ready',
    noKey: 'documents.carrier.noSigningKey',
    noCerts: 'documents.carrier.noCerts',
    certificate: 'documents.carrier.certificate',
    pinHint: 'documents.carrier.pinHint',
  },
  decrypt: {
    keyEntry: (e: Response<'keys.inspect'>['entries'][number]) => e.canDecrypt,
    tokenCert: (c: TokenCert) => c.certificate.role === 'encryption' || c.certificate.role === 'dual',
    ready: 'seal.identity.ready',
    noKey: 'seal.identity.noDecryptKey',
    noCerts: 'seal.identity.noDecryptKey',
    certificate: 'documents.carrier.decryptCertificate',
    pinHint: 'documents.carrier.pinHintDecrypt',
  },
} as const;

interface PartProps {
  onChange(c: CarrierChoice | null): void;
  purpose: CarrierPurpose;
  testId: string;
}

type KeyState = { s: 'none' } | { s: 'reading' } | { s: 'password'; error?: IpcError } | { s: 'ok'; info: Response<'keys.inspect'> } | { s: 'error'; error: IpcError };

function KeyFilePart({ onChange, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
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
    const e = r.value.entries.find(accepts.keyEntry);
    onChange(e ? { carrier: { kind: 'software', data: f.data, ...(pw ? { password: pw } : {}), fileName: f.name }, signer: displayName(e.certificate), certificate: e.certificate.der } : null);
  };

  const pick = async (picked: File | undefined) => {
    if (!picked) return;
    setPassword('');
    onChange(null);
    const f = { name: picked.name, data: bytesToBase64(new Uint8Array(await picked.arrayBuffer())) };
    setFile(f);
    await open(f);
  };

  const usable = state.s === 'ok' ? state.info.entries.find(accepts.keyEntry) : undefined;
  return (
    <div className="bs-stack" data-testid={`${p}-keyfile`}>
      <label className="bs-field">
        <span className="bs-field-label">{t('documents.carrier.keyFile')}</span>
        <input type="file" accept={KEY_FILE_ACCEPT} onChange={(e) => void pick(e.target.files?.[0])} data-testid={`${p}-keyfile-input`} aria-label={t('documents.carrier.keyFile')} />
      </label>
      {state.s === 'reading' && <Spin size="small" />}
      {state.s === 'password' && file && (
        <Space.Compact style={{ width: '100%' }}>
          <Input.Password
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            onPressEnter={() => password && void open(file, password)}
            placeholder={t('documents.carrier.password')}
            autoComplete="off"
            status={state.error ? 'error' : undefined}
            prefix={<LockOutlined />}
            data-testid={`${p}-password`}
            aria-label={t('documents.carrier.password')}
          />
          <Button type="primary" disabled={!password} onClick={() => void open(file, password)} data-testid={`${p}-password-open`}>
            {t('documents.carrier.open')}
          </Button>
        </Space.Compact>
      )}
      {state.s === 'password' && state.error && <Typography.Text type="danger">{t(`errors.${state.error.code}`)}</Typography.Text>}
      {state.s === 'error' && <ErrorAlert title={t('documents.carrier.openError')} error={state.error} />}
      {state.s === 'ok' &&
        (usable ? (
          // `${p}-keyfile-ready` as well: the seal and open specs know a decryption identity's key file by it
          <div data-testid={`${p}-keyfile-ready`}>
            <Alert type="success" showIcon icon={<KeyOutlined />} title={t(accepts.ready, { name: displayName(usable.certificate) })} data-testid={`${p}-ready`} />
          </div>
        ) : (
          <Alert type="warning" showIcon title={t(accepts.noKey)} data-testid={`${p}-no-key`} />
        ))}
    </div>
  );
}

function UsbKeyPart({ onChange, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  const modules = useIpc(() => client['tokens.modules']({}));
  const [picked, setPicked] = useState<string | undefined>();
  const [slots, setSlots] = useState<{ loading: boolean; list?: TokenSlotView[]; error?: IpcError }>({ loading: false });
  const [cert, setCert] = useState<TokenCert | undefined>();
  const [pin, setPin] = useState('');
  const chosenModule = picked ?? modules.value?.modules[0]?.id;
  const certs = (slots.list ?? []).flatMap((s) => s.certificates.filter(accepts.tokenCert).map((c) => ({ slot: s, c })));

  const emit = (c: TokenCert | undefined, thePin: string) => onChange(c && thePin && chosenModule ? { carrier: { kind: 'token', uri: c.uri, moduleId: chosenModule, pin: thePin }, signer: displayName(c.certificate), certificate: c.certificate.der } : null);

  const read = async () => {
    if (!chosenModule) return;
    setSlots({ loading: true });
    setCert(undefined);
    emit(undefined, pin);
    const r = await client['tokens.slots']({ moduleId: chosenModule });
    setSlots(r.ok ? { loading: false, list: r.value.slots } : { loading: false, error: r.error });
  };

  return (
    <div className="bs-stack" data-testid={`${p}-token`}>
      <label className="bs-field">
        <span className="bs-field-label">{t('documents.carrier.module')}</span>
        <Space.Compact style={{ width: '100%' }}>
          <Select
            value={chosenModule}
            onChange={setPicked}
            loading={modules.status === 'loading'}
            placeholder={t('documents.carrier.modulePlaceholder')}
            options={(modules.value?.modules ?? []).map((m) => ({ value: m.id, label: `${m.label} — ${m.path}` }))}
            data-testid={`${p}-module`}
            style={{ flex: 1, minWidth: 0 }}
          />
          <Button icon={<SearchOutlined />} disabled={!chosenModule} loading={slots.loading} onClick={() => void read()} data-testid={`${p}-read-tokens`}>
            {t('documents.carrier.readTokens')}
          </Button>
        </Space.Compact>
      </label>
      <AddDriverButton
        testId={`${p}-add-driver`}
        label={t('documents.carrier.addDriver')}
        onAdded={(id) => {
          setPicked(id);
          modules.reload();
        }}
      />
      {modules.status === 'ok' && modules.value.modules.length === 0 && <Alert type="info" showIcon title={t('documents.carrier.noModules')} />}
      {slots.error && <ErrorAlert title={t('documents.carrier.readError')} error={slots.error} onRetry={() => void read()} />}
      {slots.list && certs.length === 0 && <Alert type="info" showIcon title={t(accepts.noCerts)} data-testid={`${p}-no-certs`} />}
      {certs.length > 0 && (
        <>
          <label className="bs-field">
            <span className="bs-field-label">{t(accepts.certificate)}</span>
            <Select
              value={cert?.uri}
              onChange={(uri: string) => {
                const c = certs.find((x) => x.c.uri === uri)?.c;
                setCert(c);
                emit(c, pin);
              }}
              options={certs.map(({ slot, c }) => ({ value: c.uri, label: `${displayName(c.certificate)} · ${slot.token.label}` }))}
              data-testid={`${p}-cert`}
            />
          </label>
          <label className="bs-field">
            <span className="bs-field-label">{t('documents.carrier.pin')}</span>
            <Input.Password
              value={pin}
              onChange={(e) => {
                setPin(e.target.value);
                emit(cert, e.target.value);
              }}
              autoComplete="off"
              prefix={<LockOutlined />}
              data-testid={`${p}-pin`}
            />
          </label>
          <Typography.Text type="secondary">{t(accepts.pinHint)}</Typography.Text>
        </>
      )}
    </div>
  );
}

/** How often the SKF key list is refreshed while the picker is open (plugging a key in is noticed). */
const SKF_POLL_MS = 3000;

/**
 * A container on a GM USB key through its vendor SKF library (listed by the main process, which alone
 * knows the library files). The PIN retry counter is shown before the PIN is typed; a locked key cannot be
 * chosen. When exactly one key fits, it is selected as soon as it is plugged in.
 */
function SkfKeyPart({ onChange, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  const [state, setState] = useState<{ keys?: SkfKeyView[]; libraries?: number; error?: IpcError }>({});
  const [uri, setUri] = useState<string | undefined>();
  const [pin, setPin] = useState('');
  const pollRef = useRef<() => Promise<void>>(async () => {});
  // a vendor library outside the usual folders: chosen in the main process's own file dialog
  const pickDriver = async () => {
    const r = await client['tokens.pickSkf']({});
    if (r.ok && r.value.path) await pollRef.current();
    else if (!r.ok) setState((s) => ({ ...s, error: r.error }));
  };
  useEffect(() => {
    let live = true;
    const poll = async () => {
      const r = await client['tokens.skf']({});
      if (!live) return;
      setState(r.ok ? { keys: r.value.keys, libraries: r.value.libraries.length } : { error: r.error });
    };
    pollRef.current = poll;
    void poll();
    const timer = setInterval(() => void poll(), SKF_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  const certOf = (k: SkfKeyView) => (purpose === 'sign' ? k.signCertificate : k.encCertificate);
  const keys = (state.keys ?? []).filter((k) => certOf(k) !== null);
  const chosen = keys.find((k) => k.uri === uri);
  const emit = (k: SkfKeyView | undefined, thePin: string) => onChange(k && thePin && k.pin?.state !== 'locked' ? { carrier: { kind: 'skf', uri: k.uri, pin: thePin }, signer: displayName(certOf(k)!), certificate: certOf(k)!.der } : null);
  // a key that was pulled out is deselected; the only fitting key is selected when it appears
  useEffect(() => {
    if (uri && !chosen) {
      setUri(undefined);
      emit(undefined, pin);
    } else if (!uri && keys.length === 1 && keys[0].pin?.state !== 'locked') {
      setUri(keys[0].uri);
      emit(keys[0], pin);
    }
    // runs when the list of plugged-in keys changes, not on every keystroke of the PIN
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.keys]);

  const tries = (k: SkfKeyView) => (k.pin ? (k.pin.state === 'locked' ? t('documents.carrier.skfLocked') : t('documents.carrier.skfTries', { remaining: k.pin.remaining })) : '');
  return (
    <div className="bs-stack" data-testid={`${p}-skf`}>
      {state.error && <ErrorAlert title={t('documents.carrier.readError')} error={state.error} />}
      {state.libraries === 0 && <Alert type="info" showIcon title={t('documents.carrier.skfNoDriver')} data-testid={`${p}-skf-no-driver`} />}
      {state.keys && keys.length === 0 && (
        <Button icon={<SearchOutlined />} onClick={() => void pickDriver()} data-testid={`${p}-skf-pick-driver`}>
          {t('documents.carrier.skfPickDriver')}
        </Button>
      )}
      {state.keys && state.libraries !== 0 && keys.length === 0 && <Alert type="info" showIcon title={t('documents.carrier.skfNone')} data-testid={`${p}-skf-none`} />}
      {keys.length > 0 && (
        <>
          <label className="bs-field">
            <span className="bs-field-label">{t('documents.carrier.skfKey')}</span>
            <Select
              value={chosen?.uri}
              onChange={(u: string) => {
                setUri(u);
                emit(keys.find((k) => k.uri === u), pin);
              }}
              options={keys.map((k) => ({ value: k.uri, disabled: k.pin?.state === 'locked', label: `${t('documents.carrier.skfOption', { name: displayName(certOf(k)!), device: k.device })} · ${tries(k)}` }))}
              data-testid={`${p}-skf-key`}
            />
          </label>
          {chosen?.pin?.state === 'final-try' && <Alert type="warning" showIcon title={t('documents.carrier.skfFinalTry')} data-testid={`${p}-skf-final-try`} />}
          {chosen?.pin?.state === 'count-low' && <Alert type="info" showIcon title={t('documents.carrier.skfCountLow', { remaining: chosen.pin.remaining })} />}
          {chosen?.pin?.state === 'locked' && <Alert type="error" showIcon title={t('documents.carrier.skfLockedHint')} />}
          <label className="bs-field">
            <span className="bs-field-label">{t('documents.carrier.pin')}</span>
            <Input.Password
              value={pin}
              disabled={!chosen || chosen.pin?.state === 'locked'}
              onChange={(e) => {
                setPin(e.target.value);
                emit(chosen, e.target.value);
              }}
              autoComplete="off"
              prefix={<LockOutlined />}
              data-testid={`${p}-skf-pin`}
            />
          </label>
          <Typography.Text type="secondary">{t(accepts.pinHint)}</Typography.Text>
        </>
      )}
    </div>
  );
}

/** The identity picker for signing (default) or decrypting; `onChange(null)` while the choice is incomplete. */
export function CarrierPicker({ onChange, purpose = 'sign', testId = 'carrier' }: { onChange(c: CarrierChoice | null): void; purpose?: CarrierPurpose; testId?: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'software' | 'token' | 'skf'>('software');
  return (
    <div className="bs-stack" data-testid={`${testId}-picker`}>
      <Radio.Group
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as 'software' | 'token' | 'skf');
          onChange(null);
        }}
        optionType="button"
        options={[
          { value: 'software', label: <span data-testid={`${testId}-kind-software`}><KeyOutlined /> {t('documents.carrier.kindFile')}</span> },
          { value: 'token', label: <span data-testid={`${testId}-kind-token`}><UsbOutlined /> {t('documents.carrier.kindToken')}</span> },
          { value: 'skf', label: <span data-testid={`${testId}-kind-skf`}><UsbOutlined /> {t('documents.carrier.kindSkf')}</span> },
        ]}
      />
      {kind === 'software' ? <KeyFilePart onChange={onChange} purpose={purpose} testId={testId} /> : kind === 'token' ? <UsbKeyPart onChange={onChange} purpose={purpose} testId={testId} /> : <SkfKeyPart onChange={onChange} purpose={purpose} testId={testId} />}
    </div>
  );
}
