// Runs in the renderer. The key manager's picker (密钥管理) for an operation: a signing key (document signing,
// bid sealing) or a decryption key (the test decryption after sealing, opening a bid) — `purpose` says which.
// The bidder picks a key once per session (renderer/src/keys/session.ts): a key file (picked in the main
// process's open dialog in the desktop app, the browser's file chooser in the Node host; opened once with
// its password to read its certificates), a USB key through PKCS#11 (module → token → certificate) or a GM
// USB key through its SKF library (listed with the PIN retry counter, re-read every few seconds so plugging
// a key in is noticed). The main process remembers it (keys.remember: a USB key by its URI, a key file kept
// encrypted as issued). From then on every operation shows that key and asks only for its PIN or password
// (RememberedKey: the retry counter, final try and locked states before the PIN is typed) and sends
// `{ kind: 'identity', id, secret }`; the key file is never asked for again. The PIN or password lives in
// this component's state only and goes out with the one request that needs it; BidSeal never stores or
// logs it. Test ids are `${testId}-…` (default 'carrier').
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Spin, Tag, Typography } from 'antd';
import { DeleteOutlined, FileProtectOutlined, FolderOpenOutlined, KeyOutlined, LockOutlined, SearchOutlined, SwapOutlined, UsbOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CarrierRequest as CarrierSchema, IpcError, Request, TokenSlotView } from '../../../shared/ipc/contract';
import type { CertView, IdentityView, PinInfoView, SkfKeyView } from '../../../shared/ipc/schemas';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { useErrorText } from '../hooks/useErrorText';
import { ErrorAlert } from './ErrorAlert';
import { SecretInput } from './SecretInput';
import { AddDriverButton } from './AddDriverButton';
import { KEY_FILE_ACCEPT } from '../sections/certificates/KeyFile';
import { bytesToBase64, displayName, fmtDate } from '../sections/certificates/model';
import { SaveToVaultButton } from '../sections/certificates/save';
import { chooseSessionKey, clearSessionKey, useSessionKey } from '../keys/session';

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
    identity: (i: IdentityView) => i.signCertificate,
    tokenCert: (c: TokenCert) => c.certificate.role !== 'encryption',
    ready: 'documents.carrier.ready',
    noKey: 'documents.carrier.noSigningKey',
    noCerts: 'documents.carrier.noCerts',
    certificate: 'documents.carrier.certificate',
    pinHint: 'documents.carrier.pinHint',
  },
  decrypt: {
    identity: (i: IdentityView) => i.encCertificate,
    tokenCert: (c: TokenCert) => c.certificate.role === 'encryption' || c.certificate.role === 'dual',
    ready: 'seal.identity.ready',
    noKey: 'seal.identity.noDecryptKey',
    noCerts: 'seal.identity.noDecryptKey',
    certificate: 'documents.carrier.decryptCertificate',
    pinHint: 'documents.carrier.pinHintDecrypt',
  },
} as const;

interface PartProps {
  /** the main process remembered the key: use it from now on (`secret`: the password just typed, for the first use) */
  onRemembered(identity: IdentityView, secret?: string): void;
  purpose: CarrierPurpose;
  testId: string;
}

type KeySource = { kind: 'software'; data: string; fileName: string } | { kind: 'picked'; handle: string; fileName: string };
type KeyState = { s: 'none' } | { s: 'reading' } | { s: 'password'; error?: IpcError } | { s: 'no-key' } | { s: 'error'; error: IpcError };

/**
 * A key file: the desktop app opens the main process's own dialog (keys.pickKeyFile: the renderer never
 * sees the path, only a one-time handle); the Node host, which has no native dialog, the browser's file
 * chooser (bytes, no path). keys.remember opens it once — with its password when it has one — to read
 * its certificates and keeps it encrypted as issued.
 */
function KeyFilePart({ onRemembered, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  const info = useIpc(() => client['app.info']({}));
  const input = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<KeySource | null>(null);
  const [password, setPassword] = useState('');
  const [state, setState] = useState<KeyState>({ s: 'none' });

  const remember = async (src: KeySource, pw?: string) => {
    setState({ s: 'reading' });
    const carrier: Request<'keys.remember'>['carrier'] = src.kind === 'software' ? { kind: 'software', data: src.data, fileName: src.fileName, ...(pw ? { password: pw } : {}) } : { kind: 'picked', handle: src.handle, ...(pw ? { password: pw } : {}) };
    const r = await client['keys.remember']({ carrier });
    if (!r.ok) {
      if (r.error.code === 'E_PASSWORD_REQUIRED' || (r.error.code === 'E_WRONG_PASSWORD' && pw)) setState({ s: 'password', ...(pw ? { error: r.error } : {}) });
      else setState({ s: 'error', error: r.error });
      return;
    }
    if (!accepts.identity(r.value.identity)) return setState({ s: 'no-key' });
    setState({ s: 'none' });
    onRemembered(r.value.identity, pw);
  };

  const fromBrowser = async (picked: File | undefined) => {
    if (!picked) return;
    setPassword('');
    const src: KeySource = { kind: 'software', fileName: picked.name, data: bytesToBase64(new Uint8Array(await picked.arrayBuffer())) };
    setSource(src);
    await remember(src);
  };

  const choose = async () => {
    if (info.value?.host !== 'electron') return input.current?.click();
    const r = await client['keys.pickKeyFile']({});
    if (!r.ok) return setState({ s: 'error', error: r.error });
    if (!r.value.picked) return;
    setPassword('');
    const src: KeySource = { kind: 'picked', handle: r.value.picked.handle, fileName: r.value.picked.fileName };
    setSource(src);
    if (r.value.picked.needsPassword) setState({ s: 'password' });
    else await remember(src);
  };

  return (
    <div className="bs-stack" data-testid={`${p}-keyfile`}>
      <div className="bs-field">
        <span className="bs-field-label">{t('documents.carrier.keyFile')}</span>
        <Space wrap>
          <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} loading={state.s === 'reading'} data-testid={`${p}-keyfile-pick`}>
            {source ? t('documents.carrier.keyFileOther') : t('documents.carrier.keyFileChoose')}
          </Button>
          {source && (
            <Typography.Text data-testid={`${p}-keyfile-name`}>
              <FileProtectOutlined /> {source.fileName}
            </Typography.Text>
          )}
        </Space>
        <input ref={input} type="file" hidden accept={KEY_FILE_ACCEPT} onChange={(e) => void fromBrowser(e.target.files?.[0])} data-testid={`${p}-keyfile-input`} aria-label={t('documents.carrier.keyFile')} />
        <Typography.Text type="secondary">{t('documents.carrier.keyFileKept')}</Typography.Text>
      </div>
      {state.s === 'password' && source && (
        <Space.Compact style={{ width: '100%' }}>
          <SecretInput
            value={password}
            onChange={setPassword}
            onSubmit={() => password && void remember(source, password)}
            placeholder={t('documents.carrier.password')}
            refused={!!state.error}
            prefix={<LockOutlined />}
            data-testid={`${p}-password`}
            aria-label={t('documents.carrier.password')}
          />
          <Button type="primary" disabled={!password} onClick={() => void remember(source, password)} data-testid={`${p}-password-open`}>
            {t('documents.carrier.open')}
          </Button>
        </Space.Compact>
      )}
      {state.s === 'password' && state.error && <Typography.Text type="danger">{t(`errors.${state.error.code}`)}</Typography.Text>}
      {state.s === 'error' && <ErrorAlert title={t('documents.carrier.openError')} error={state.error} />}
      {state.s === 'no-key' && <Alert type="warning" showIcon title={t(accepts.noKey)} data-testid={`${p}-no-key`} />}
    </div>
  );
}

function UsbKeyPart({ onRemembered, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  const modules = useIpc(() => client['tokens.modules']({}));
  const [picked, setPicked] = useState<string | undefined>();
  const [slots, setSlots] = useState<{ loading: boolean; list?: TokenSlotView[]; error?: IpcError }>({ loading: false });
  const [cert, setCert] = useState<TokenCert | undefined>();
  const [saving, setSaving] = useState<{ busy: boolean; error?: IpcError }>({ busy: false });
  const chosenModule = picked ?? modules.value?.modules[0]?.id;
  const certs = (slots.list ?? []).flatMap((s) => s.certificates.filter(accepts.tokenCert).map((c) => ({ slot: s, c })));

  // choosing the certificate is choosing the key: remembered at once, then only its PIN is asked
  const use = async (c: TokenCert | undefined) => {
    setCert(c);
    if (!c || !chosenModule) return;
    setSaving({ busy: true });
    const r = await client['keys.remember']({ carrier: { kind: 'pkcs11', uri: c.uri, moduleId: chosenModule } });
    setSaving(r.ok ? { busy: false } : { busy: false, error: r.error });
    if (r.ok) onRemembered(r.value.identity);
  };

  const read = async () => {
    if (!chosenModule) return;
    setSlots({ loading: true });
    setCert(undefined);
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
              onChange={(uri: string) => void use(certs.find((x) => x.c.uri === uri)?.c)}
              loading={saving.busy}
              options={certs.map(({ slot, c }) => ({ value: c.uri, label: `${displayName(c.certificate)} · ${slot.token.label}` }))}
              data-testid={`${p}-cert`}
            />
          </label>
          {saving.error && <ErrorAlert title={t('documents.carrier.readError')} error={saving.error} />}
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
function SkfKeyPart({ onRemembered, purpose, testId: p }: PartProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ keys?: SkfKeyView[]; libraries?: number; error?: IpcError }>({});
  const [uri, setUri] = useState<string | undefined>();
  const [saving, setSaving] = useState<{ busy: boolean; error?: IpcError }>({ busy: false });
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
  const use = async () => {
    if (!chosen) return;
    setSaving({ busy: true });
    const r = await client['keys.remember']({ carrier: { kind: 'skf', uri: chosen.uri } });
    setSaving(r.ok ? { busy: false } : { busy: false, error: r.error });
    if (r.ok) onRemembered(r.value.identity);
  };
  // a key that was pulled out is deselected; the only fitting key is selected when it appears
  useEffect(() => {
    if (uri && !chosen) setUri(undefined);
    else if (!uri && keys.length === 1 && keys[0].pin?.state !== 'locked') setUri(keys[0].uri);
    // runs when the list of plugged-in keys changes
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
              onChange={(u: string) => setUri(u)}
              options={keys.map((k) => ({ value: k.uri, disabled: k.pin?.state === 'locked', label: `${t('documents.carrier.skfOption', { name: displayName(certOf(k)!), device: k.device })} · ${tries(k)}` }))}
              data-testid={`${p}-skf-key`}
            />
          </label>
          {chosen && <PinStateNotice pin={chosen.pin} testId={p} />}
          <Button type="primary" icon={<UsbOutlined />} disabled={!chosen || chosen.pin?.state === 'locked'} loading={saving.busy} onClick={() => void use()} data-testid={`${p}-skf-use`}>
            {t('documents.carrier.useKey')}
          </Button>
          {saving.error && <ErrorAlert title={t('documents.carrier.readError')} error={saving.error} />}
        </>
      )}
    </div>
  );
}

/** The PIN state read before the PIN is typed: tries left, the final try, locked. */
function PinStateNotice({ pin, testId: p }: { pin: PinInfoView['pin']; testId: string }) {
  const { t } = useTranslation();
  if (!pin) return null;
  if (pin.state === 'locked') return <Alert type="error" showIcon title={t('documents.carrier.skfLockedHint')} data-testid={`${p}-pin-locked`} />;
  if (pin.state === 'final-try') return <Alert type="warning" showIcon title={t('documents.carrier.skfFinalTry')} data-testid={`${p}-pin-final-try`} />;
  if (pin.state === 'count-low') return <Alert type="warning" showIcon title={pin.remaining !== undefined ? t('documents.carrier.skfCountLow', { remaining: pin.remaining }) : t('documents.carrier.pinCountLow')} data-testid={`${p}-pin-count-low`} />;
  return null;
}

/** How often a remembered USB key's PIN state is re-read while the PIN is asked (plugging in, tries left). */
const PIN_POLL_MS = 3000;

const KIND_ICON = { skf: <UsbOutlined />, pkcs11: <UsbOutlined />, file: <KeyOutlined /> } as const;

/**
 * The key picked for this session, asking only for its PIN or password: the retry counter, the final try and
 * the locked state are read (keys.pinInfo, no login) and shown before the PIN is typed; an unplugged USB key
 * is asked for. `firstSecret`: the password typed a moment ago to add the key file, used for this first operation.
 */
function RememberedKey({ identity, purpose, testId: p, firstSecret, onChange, onChangeKey }: { identity: IdentityView; purpose: CarrierPurpose; testId: string; firstSecret?: string; onChange(c: CarrierChoice | null): void; onChangeKey(): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const accepts = PURPOSE[purpose];
  const cert = accepts.identity(identity)!;
  const [secret, setSecret] = useState(firstSecret ?? '');
  const [info, setInfo] = useState<{ value?: PinInfoView; error?: IpcError }>({});
  useEffect(() => {
    let live = true;
    const read = async () => {
      const r = await client['keys.pinInfo']({ id: identity.id });
      if (live) setInfo(r.ok ? { value: r.value } : { error: r.error });
    };
    void read();
    const timer = identity.kind === 'file' ? undefined : setInterval(() => void read(), PIN_POLL_MS);
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [identity.id, identity.kind]);
  const pin = info.value?.pin ?? null;
  const locked = pin?.state === 'locked';
  const needs = info.value?.secret ?? (identity.kind === 'file' ? 'password' : 'pin');
  // what goes out: the identity and this one PIN or password (nothing while the key is locked)
  useEffect(() => {
    const ok = !locked && (needs === 'none' || secret.length > 0);
    onChange(ok ? { carrier: { kind: 'identity', id: identity.id, secret: needs === 'none' ? '' : secret }, signer: displayName(cert), ...(cert ? { certificate: cert.der } : {}) } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- onChange is the parent's setter
  }, [identity.id, secret, needs, locked]);
  const kindLabel = t(`documents.carrier.identityKind.${identity.kind}`);
  const tries = locked ? t('documents.carrier.skfLocked') : pin?.remaining !== undefined ? t('documents.carrier.pinTries', { remaining: pin.remaining, max: pin.max ?? pin.remaining }) : null;
  return (
    <div className="bs-stack bs-key-session" data-testid={`${p}-session`}>
      {/* `${p}-keyfile-ready` as well for a key file: the seal and open specs know a decryption identity's key file by it */}
      <div data-testid={identity.kind === 'file' ? `${p}-keyfile-ready` : `${p}-usb-ready`}>
        <Alert
          type="success"
          showIcon
          icon={KIND_ICON[identity.kind]}
          title={t(accepts.ready, { name: displayName(cert) })}
          description={
            <Space size={4} wrap>
              <Tag>{kindLabel}</Tag>
              {identity.kind === 'file' && (
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>
                  {identity.location}
                </Typography.Text>
              )}
              <Typography.Text type="secondary">{t('documents.carrier.validUntil', { date: fmtDate(cert.notAfter) })}</Typography.Text>
              {identity.validity !== 'ok' && <Tag color="red">{t(`documents.carrier.validity.${identity.validity}`)}</Tag>}
            </Space>
          }
          action={
            <Space size={4} wrap>
              <SaveToVaultButton
                certificates={[identity.signCertificate, identity.encCertificate].filter((c): c is CertView => c !== null)}
                source={identity.kind === 'file' ? { fileName: identity.location } : identity.kind === 'pkcs11' ? { pkcs11Uri: identity.location } : undefined}
                testId={`${p}-save-to-vault`}
              />
              <Button size="small" type="link" icon={<SwapOutlined />} onClick={onChangeKey} data-testid={`${p}-change`}>
                {t('documents.carrier.changeKey')}
              </Button>
            </Space>
          }
          data-testid={`${p}-ready`}
        />
      </div>
      {info.error && <Typography.Text type="danger">{errorText(info.error)}</Typography.Text>}
      {info.value && !info.value.present && <Alert type="info" showIcon icon={<UsbOutlined />} title={t('documents.carrier.plugIn')} data-testid={`${p}-not-present`} />}
      <PinStateNotice pin={pin} testId={p} />
      {needs !== 'none' && (
        <label className="bs-field">
          <span className="bs-field-label">
            {needs === 'pin' ? t('documents.carrier.pin') : t('documents.carrier.password')}
            {tries && (
              <Tag color={pin?.state === 'ok' ? 'green' : pin?.state === 'locked' ? 'red' : 'orange'} style={{ marginInlineStart: 8 }} data-testid={`${p}-pin-tries`}>
                {tries}
              </Tag>
            )}
          </span>
          <Input.Password
            value={secret}
            autoFocus={!firstSecret}
            disabled={locked}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
            prefix={<LockOutlined />}
            data-testid={needs === 'pin' ? `${p}-pin` : `${p}-password`}
            aria-label={needs === 'pin' ? t('documents.carrier.pin') : t('documents.carrier.password')}
          />
        </label>
      )}
      <Typography.Text type="secondary">{needs === 'pin' ? t(accepts.pinHint) : t('documents.carrier.passwordHint')}</Typography.Text>
    </div>
  );
}

/** The keys the main process remembers, offered before adding another. */
function SavedKeys({ identities, purpose, testId: p, onPick, onForget }: { identities: IdentityView[]; purpose: CarrierPurpose; testId: string; onPick(i: IdentityView): void; onForget(i: IdentityView): void }) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  return (
    <div className="bs-stack" data-testid={`${p}-saved`}>
      <Typography.Text strong>{t('documents.carrier.savedKeys')}</Typography.Text>
      {identities.map((i) => (
        <div key={i.id} className="bs-key-row" data-testid={`${p}-saved-key`}>
          <Space size={8} wrap style={{ flex: 1, minWidth: 0 }}>
            {KIND_ICON[i.kind]}
            <Typography.Text strong>{displayName(accepts.identity(i)!)}</Typography.Text>
            <Tag>{t(`documents.carrier.identityKind.${i.kind}`)}</Tag>
            {i.validity !== 'ok' && <Tag color="red">{t(`documents.carrier.validity.${i.validity}`)}</Tag>}
            {i.chosen && <Tag color="blue">{t('documents.carrier.chosenForProject')}</Tag>}
          </Space>
          <Space size={4}>
            <Button type="primary" size="small" onClick={() => onPick(i)} data-testid={`${p}-saved-use`}>
              {t('documents.carrier.useKey')}
            </Button>
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('documents.carrier.forgetKey')} title={t('documents.carrier.forgetKey')} onClick={() => onForget(i)} data-testid={`${p}-saved-forget`} />
          </Space>
        </div>
      ))}
    </div>
  );
}

/** The bidder and project a choice is remembered for (sealing), and the opening time the certificates must outlive. */
export interface KeyScope {
  bidder: string;
  project: string;
  openingTime?: string;
}

/**
 * The key manager's picker for signing (default) or decrypting; `onChange(null)` while the choice is
 * incomplete. With `scope`, the choice is also remembered for that bidder and project (keys.choose) and
 * offered first next time.
 */
export function CarrierPicker({ onChange, purpose = 'sign', testId = 'carrier', scope }: { onChange(c: CarrierChoice | null): void; purpose?: CarrierPurpose; testId?: string; scope?: KeyScope }) {
  const { t } = useTranslation();
  const accepts = PURPOSE[purpose];
  const sessionId = useSessionKey(purpose);
  const [rev, setRev] = useState(0);
  const list = useIpc(() => client['keys.identities']({ ...(scope ? { bidder: scope.bidder, project: scope.project, ...(scope.openingTime ? { openingTime: scope.openingTime } : {}) } : {}) }), `${rev}|${scope?.bidder}|${scope?.project}|${scope?.openingTime}`);
  const [kind, setKind] = useState<'software' | 'token' | 'skf'>('software');
  const [changing, setChanging] = useState(false);
  const [fresh, setFresh] = useState<{ identity: IdentityView; secret?: string } | null>(null);
  const identities = (list.value?.identities ?? []).filter((i) => accepts.identity(i));
  // the bidder's choice for this project, when this session has none yet
  useEffect(() => {
    if (sessionId) return;
    const c = identities.find((i) => i.chosen);
    if (c) chooseSessionKey(purpose, c.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.value]);

  const use = (identity: IdentityView, secret?: string) => {
    setFresh({ identity, ...(secret ? { secret } : {}) });
    setChanging(false);
    chooseSessionKey(purpose, identity.id, !!identity.signCertificate && !!identity.encCertificate);
    setRev((n) => n + 1);
  };
  const forget = async (i: IdentityView) => {
    await client['keys.forget']({ id: i.id });
    if (sessionId === i.id) clearSessionKey(purpose);
    setRev((n) => n + 1);
  };

  const current = changing ? undefined : (fresh && fresh.identity.id === sessionId ? fresh.identity : identities.find((i) => i.id === sessionId));
  // the session's key, used for this bidder and tender, becomes their choice (offered first next time)
  const listed = identities.find((i) => i.id === current?.id);
  useEffect(() => {
    if (scope && listed && !listed.chosen) void client['keys.choose']({ bidder: scope.bidder, project: scope.project, id: listed.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope?.bidder, scope?.project, listed?.id, listed?.chosen]);
  if (current && accepts.identity(current))
    return (
      <div className="bs-stack" data-testid={`${testId}-picker`}>
        <RememberedKey
          key={current.id}
          identity={current}
          purpose={purpose}
          testId={testId}
          {...(fresh?.identity.id === current.id && fresh.secret ? { firstSecret: fresh.secret } : {})}
          onChange={onChange}
          onChangeKey={() => {
            onChange(null);
            setFresh(null);
            setChanging(true);
          }}
        />
      </div>
    );
  if (sessionId && list.status === 'loading' && !changing) return <Spin size="small" />;
  return (
    <div className="bs-stack" data-testid={`${testId}-picker`}>
      {list.status === 'error' && <ErrorAlert title={t('documents.carrier.readError')} error={list.error} onRetry={list.reload} />}
      {identities.length > 0 && <SavedKeys identities={identities} purpose={purpose} testId={testId} onPick={(i) => use(i)} onForget={(i) => void forget(i)} />}
      <Typography.Text strong>{identities.length > 0 ? t('documents.carrier.addOtherKey') : t('documents.carrier.addKey')}</Typography.Text>
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
      {kind === 'software' ? <KeyFilePart onRemembered={use} purpose={purpose} testId={testId} /> : kind === 'token' ? <UsbKeyPart onRemembered={use} purpose={purpose} testId={testId} /> : <SkfKeyPart onRemembered={use} purpose={purpose} testId={testId} />}
      {changing && sessionId && (
        <Button type="link" onClick={() => setChanging(false)} data-testid={`${testId}-change-cancel`}>
          {t('documents.carrier.keepKey')}
        </Button>
      )}
    </div>
  );
}
