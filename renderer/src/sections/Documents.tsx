// Runs in the renderer. Documents & signing (文档签章): the PDFs in the store with their signing state,
// import by drag & drop or the file chooser, a page view (pdf.js) to place seals — company seal, legal
// representative's seal, cross-page seal, invisible signature — and one signing run for all of them with
// one PIN, then the signature panel of the signed copy. A person's handwritten signature from the vault
// (手写签名, HandSignaturePicker) is placed the same way, by click or by the words, as a signature's picture. Electronic seals come from the bidder's seal library (kind
// 'eseal', electron/services/documents/seal-library.ts); loose pictures (drafts only) are stored with kind 'seal-image'.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, type ButtonProps, Card, Col, Empty, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EditOutlined, EyeInvisibleOutlined, FilePdfOutlined, SignatureOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useBlocker, useNavigate, useSearchParams } from 'react-router';
import { useCurrentBidder } from '../vault/current-bidder';
import { SectionPage } from '../components/SectionPage';
import { EmptyState } from '../components/EmptyState';
import { ErrorAlert } from '../components/ErrorAlert';
import { SealGlyph, type SealKind } from '../components/SealGlyph';
import { client } from '../ipc/client';
import { useIpc } from '../hooks/useIpc';
import { useErrorText } from '../hooks/useErrorText';
import type { IpcError } from '../../../shared/ipc/contract';
import { FileDrop } from '../files/FileDrop';
import { exportFile, IpcFailure, must, type StoredFileView } from '../files/store';
import { SealField } from './documents/SealField';
import { PdfViewer } from './documents/PdfViewer';
import { SignaturePanel } from './documents/SignaturePanel';
import { SignModal } from './documents/SignModal';
import { BatchSignModal } from './documents/BatchSignModal';
import { loadSeal, isElectronicSeal } from './documents/seal-image';
import { DEFAULT_SIZE, newKey, toRequests, type Placement, type PlacementKind, type SealImage, isOfdFile } from './documents/model';
import { HandSignaturePicker } from './documents/HandSignaturePicker';
import { ByTextPanel } from './documents/ByTextPanel';
import { OfdPanel } from './documents/OfdPanel';

import { Library } from './documents/Library';
import './documents/documents.css';

const GLYPH: Record<Exclude<PlacementKind, 'invisible' | 'handwritten'>, SealKind> = { company: 'company', personal: 'legalRep', 'cross-page': 'paging' };

/** what a loaded electronic seal's local check found, in the UI's words */
const ESEAL_PROBLEM = {
  'bad-maker-signature': 'documents.seals.esealProblem.bad-maker-signature',
  'unsupported-algorithm': 'documents.seals.esealProblem.unsupported-algorithm',
  'maker-cert-invalid': 'documents.seals.esealProblem.maker-cert-invalid',
  'seal-expired': 'documents.seals.esealProblem.seal-expired',
  'seal-not-yet-valid': 'documents.seals.esealProblem.seal-not-yet-valid',
  'maker-cert-expired': 'documents.seals.esealProblem.maker-cert-expired',
  'maker-cert-not-yet-valid': 'documents.seals.esealProblem.maker-cert-not-yet-valid',
} as const;

export default function Documents() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [refresh, setRefresh] = useState(0);
  // An agency sees one bidder's documents at a time; a project link (?file=…&project=…) opens one.
  const bidder = useCurrentBidder();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const projectId = params.get('project');
  const scope = { ...(bidder ? { bidder: bidder.uscc } : {}), ...(projectId ? { project: projectId } : {}) };
  // PDF and OFD (GB/T 33190) documents, oldest first as the store lists them
  const docs = useIpc(async () => {
    const tags = bidder ? { bidder: bidder.uscc } : {};
    const [pdf, ofd] = await Promise.all([client['files.list']({ mediaType: 'application/pdf', tags }), client['files.list']({ mediaType: 'application/ofd', tags })]);
    if (!pdf.ok) return pdf;
    if (!ofd.ok) return ofd;
    return { ok: true as const, value: { files: [...pdf.value.files, ...ofd.value.files].sort((a, b) => a.addedAt.localeCompare(b.addedAt)) } };
  }, `${refresh}:${bidder?.uscc}`);
  // the bidder's electronic seals (the vault's seal library) first, then loose pictures (drafts only)
  const seals = useIpc(async () => {
    const tags = bidder ? { bidder: bidder.uscc } : {};
    const [esl, pics] = await Promise.all([client['files.list']({ tags: { kind: 'eseal', ...tags } }), client['files.list']({ tags: { kind: 'seal-image', ...tags } })]);
    if (!esl.ok) return esl;
    if (!pics.ok) return pics;
    return { ok: true as const, value: { files: [...esl.value.files, ...pics.value.files] } };
  }, `${refresh}:${bidder?.uscc}`);
  // a seal file dropped here goes into the seal library (checked, typed refusals); a picture stays a picture
  const importSeal = async (f: StoredFileView) => {
    if (!isElectronicSeal(f)) return f;
    const r = await must(client['seals.adopt']({ fileId: f.id, ...(bidder ? { bidder: bidder.uscc } : {}) }));
    return must(client['files.get']({ id: r.seal.fileId }));
  };
  const [current, setCurrent] = useState<StoredFileView | undefined>();
  // 'lenient' when the user chose it for a signer whose CA signed with the empty SM2 user ID (as on the Certificates page)
  const [sm2IdPolicy, setSm2IdPolicy] = useState<'strict' | 'lenient'>('strict');
  const currentIsOfd = !!current && isOfdFile(current);
  const inspect = useIpc(() => (current && !currentIsOfd ? client['pdf.inspect']({ fileId: current.id, ...(sm2IdPolicy === 'lenient' ? { sm2IdPolicy } : {}) }) : Promise.resolve({ ok: true as const, value: null })), `${current?.id}:${sm2IdPolicy}`);
  const [verified, setVerified] = useState<Record<string, NonNullable<typeof inspect.value>['signatures']>>({});
  const [seal, setSeal] = useState<SealImage | undefined>();
  const [personalSeal, setPersonalSeal] = useState<SealImage | undefined>();
  const [handSig, setHandSig] = useState<SealImage | undefined>();
  const [placements, setPlacements] = useState<Placement[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [page, setPage] = useState(0);
  const [jump, setJump] = useState<{ page: number } | undefined>();
  const goTo = (p: number) => {
    setPage(p);
    setJump({ page: p });
  };
  const [signing, setSigning] = useState(false);
  // documents checked for batch signing (ids), and whether the batch dialog is open
  const [checked, setChecked] = useState<string[]>([]);
  const [batchOpen, setBatchOpen] = useState(false);

  useEffect(() => {
    if (current && !currentIsOfd && inspect.status === 'ok' && inspect.value) setVerified((v) => ({ ...v, [current.id]: inspect.value!.signatures }));
  }, [current, currentIsOfd, inspect.status, inspect.value]);
  useEffect(() => () => seal && URL.revokeObjectURL(seal.url), [seal]);
  useEffect(() => () => personalSeal && URL.revokeObjectURL(personalSeal.url), [personalSeal]);
  useEffect(() => () => handSig && URL.revokeObjectURL(handSig.url), [handSig]);

  useEffect(() => {
    const id = params.get('file');
    if (!id) return;
    void client['files.get']({ id }).then((r) => r.ok && open(r.value));
  }, [params]);

  // seals placed but not signed are lost by leaving: ask first (another page of the app, closing or reloading the window)
  const unsigned = placements.length > 0 && !signing;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsigned && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!unsigned) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsigned]);
  const { modal } = App.useApp();
  // one dialog per blocked navigation: the effect re-runs on every new blocker object, language or count, and
  // two stacked confirms left one open after 离开 had been clicked in the other
  const leaving = useRef<{ asked: boolean; blocker: typeof blocker }>({ asked: false, blocker });
  leaving.current.blocker = blocker;
  useEffect(() => {
    if (blocker.state !== 'blocked') {
      leaving.current.asked = false;
      return;
    }
    if (leaving.current.asked) return;
    leaving.current.asked = true;
    modal.confirm({
      title: t('documents.leave.title', { count: placements.length }),
      content: t('documents.leave.content'),
      okText: t('documents.leave.ok'),
      cancelText: t('documents.leave.stay'),
      okButtonProps: { danger: true, 'data-testid': 'leave-confirm' } as ButtonProps,
      onOk: () => leaving.current.blocker.proceed?.(),
      onCancel: () => leaving.current.blocker.reset?.(),
    });
  }, [blocker, modal, t, placements.length]);
  const errorText = useErrorText();
  const onImportError = (e: unknown) => void message.error(e instanceof IpcFailure ? errorText(e.error as IpcError) : String(e));
  const open = (f: StoredFileView) => {
    setCurrent(f);
    setPlacements([]);
    setSelected(undefined);
    setPage(0);
  };
  // documents imported (the library's drop zone or the empty screen's), tagged with the bidder and project
  // in view: the list reloads, the first opens
  const importTags = { ...scope, kind: 'document' };
  const onImported = (fs: StoredFileView[]) => {
    setRefresh((n) => n + 1);
    if (fs[0]) open(fs[0]);
  };
  const pageCount = inspect.value?.pageCount ?? 0;
  const add = (kind: PlacementKind) => {
    const box = inspect.value?.pages[page]?.box ?? [0, 0, 595, 842];
    const img = kind === 'handwritten' ? handSig : seal;
    const size = DEFAULT_SIZE[kind];
    const h = size * (img?.aspect ?? 1);
    const p: Placement = {
      key: newKey(),
      kind,
      page,
      rect: { x: box[2] - size - 72, y: box[1] + 120, width: size, height: h },
      ...(kind !== 'invisible' && img ? { seal: img } : {}),
      ...(kind === 'cross-page' ? { width: size } : {}),
    };
    setPlacements((ps) => (kind === 'cross-page' ? [...ps.filter((x) => x.kind !== 'cross-page'), p] : [...ps, p]));
    setSelected(p.key);
  };

  const list = docs.value?.files ?? [];
  // batch signing is for PDFs (an OFD is sealed one at a time with its own panel)
  const batchable = list.filter((f) => !isOfdFile(f));
  const checkedFiles = [...batchable].reverse().filter((f) => checked.includes(f.id));
  const signatures = inspect.value?.signatures ?? [];

  const docList = (
    <Library
      files={list}
      status={docs.status}
      error={docs.status === 'error' ? docs.error : undefined}
      reload={() => setRefresh((n) => n + 1)}
      bidder={bidder}
      importTags={importTags}
      current={current}
      verified={verified}
      checked={checked}
      setChecked={setChecked}
      onOpen={open}
      onImported={onImported}
      onImportError={onImportError}
      onBatch={() => setBatchOpen(true)}
      initialProject={projectId ?? undefined}
      onChanged={(f, change) => {
        if (current?.id !== f.id) return;
        if (change === 'renamed') setCurrent(f);
        else {
          setCurrent(undefined);
          setPlacements([]);
        }
      }}
    />
  );

  // No drop zone before the list is known (a skeleton), and an empty list stays the empty screen while it
  // reloads (after an import, a bidder switch): the library's drop zone, shown for that moment, was replaced by
  // the empty screen's a moment later, and a file chosen or dropped in between went nowhere
  if (docs.status !== 'error' && list.length === 0)
    return (
      <SectionPage sectionKey="documents">
        <Card className="bs-card bs-card-fill">
          {docs.value ? (
            <EmptyState title={t('documents.emptyTitle')} description={t('documents.emptyDescription')} image={<FilePdfOutlined className="bs-empty-icon" />}>
              <FileDrop accept=".pdf,.ofd,application/pdf" tags={importTags} onImported={onImported} onError={onImportError} testId="documents-import" />
            </EmptyState>
          ) : (
            <div aria-busy="true" data-testid="documents-loading">
              <Skeleton active />
            </div>
          )}
        </Card>
      </SectionPage>
    );

  return (
    <SectionPage sectionKey="documents">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14} xl={16}>
          <Card className="bs-card bs-doc-card" title={current ? current.name : t('documents.viewer.title')} extra={current && <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportFile(current.id).catch(onImportError)} data-testid="document-export">{t('documents.export')}</Button>}>
            {!current ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.viewer.choose')} />
            ) : inspect.status === 'error' ? (
              <ErrorAlert title={t('documents.viewer.loadError')} error={inspect.error} onRetry={inspect.reload} />
            ) : currentIsOfd ? (
              <OfdPanel key={current.id} file={current} seals={seals.value?.files ?? []} onSigned={(f) => { setRefresh((n) => n + 1); void message.success(t('documents.sign.done', { name: f.name })); if (projectId) navigate(`/projects/${projectId}`); open(f); }} />
            ) : (
              <PdfViewer file={current} placements={placements} onChange={setPlacements} selected={selected} onSelect={setSelected} signatures={signatures} onPage={setPage} {...(jump ? { jump } : {})} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10} xl={8}>
          <div className="bs-stack">
            {docList}
            {!currentIsOfd && (
            <Card className="bs-card" title={t('documents.seals.title')} data-testid="seal-panel">
              <div className="bs-stack">
                <SealField tagged seals={seals.value?.files ?? []} value={seal} onChange={setSeal} testId="seal-image-select" />
                {/* the seal buttons and what is placed first: reached without scrolling on a 1024×700 screen */}
                <div className="bs-seal-buttons">
                  {(['company', 'personal', 'cross-page'] as const).map((k) => (
                    <Tooltip key={k} title={!seal ? t('documents.seals.needImage') : k === 'cross-page' && pageCount < 2 ? t('documents.seals.needPages') : t(`documents.kindHints.${k}`)}>
                      <Button icon={<SealGlyph kind={GLYPH[k]} size={18} />} disabled={!current || !seal || (k === 'cross-page' && pageCount < 2)} onClick={() => add(k)} data-testid={`add-${k}`}>
                        {t(`documents.kinds.${k}`)}
                      </Button>
                    </Tooltip>
                  ))}
                  <Tooltip title={handSig ? t('documents.kindHints.handwritten') : t('signature.docs.needSignature')}>
                    <Button icon={<EditOutlined />} disabled={!current || !handSig} onClick={() => add('handwritten')} data-testid="add-handwritten">
                      {t('documents.kinds.handwritten')}
                    </Button>
                  </Tooltip>
                  <Button icon={<EyeInvisibleOutlined />} disabled={!current} onClick={() => add('invisible')} data-testid="add-invisible">
                    {t('documents.kinds.invisible')}
                  </Button>
                </div>
                {placements.length === 0 ? (
                  <Typography.Text type="secondary">{t('documents.seals.nonePlaced')}</Typography.Text>
                ) : (
                  <ul className="bs-placements" data-testid="placements">
                    {placements.map((p, i) => (
                      <li key={p.key} className={selected === p.key ? 'bs-placement-selected' : ''}>
                        <span>{i + 1}. {t(`documents.kinds.${p.kind}`)}</span>
                        <Typography.Text type="secondary">{p.kind === 'cross-page' ? t('documents.seals.allPages') : t('documents.seals.onPage', { page: p.page + 1 })}{p.byText ? ` · ${t('documents.byText.title')}` : ''}</Typography.Text>
                        <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('documents.seals.remove')} onClick={() => setPlacements((ps) => ps.filter((x) => x.key !== p.key))} data-testid="placement-remove" />
                      </li>
                    ))}
                  </ul>
                )}
                {seal?.eseal ? (
                  <Alert
                    type={seal.eseal.problems.length ? 'error' : 'success'}
                    showIcon
                    data-testid="eseal-info"
                    title={t('documents.seals.esealInfo', { name: seal.eseal.name, from: seal.eseal.validStart, to: seal.eseal.validEnd })}
                    description={[t('documents.seals.esealHolders', { holders: seal.eseal.holders.join('；') }), t('documents.seals.esealMaker', { maker: seal.eseal.maker }), ...seal.eseal.problems.map((c) => (c in ESEAL_PROBLEM ? t(ESEAL_PROBLEM[c as keyof typeof ESEAL_PROBLEM]) : c))].map((line) => <div key={line}>{line}</div>)}
                  />
                ) : seal ? (
                  <Alert type="warning" showIcon data-testid="picture-not-eseal" title={t('documents.seals.pictureWarning')} />
                ) : null}
                <FileDrop accept=".png,.jpg,.jpeg,.esl,image/png,image/jpeg" multiple={false} tags={{ ...(bidder ? { bidder: bidder.uscc } : {}), kind: 'seal-image' }} compact onImported={(fs) => { if (fs[0]) void importSeal(fs[0]).then(loadSeal).then(setSeal).catch(onImportError).finally(() => setRefresh((n) => n + 1)); }} onError={onImportError} testId="seal-import" />
                <SealField personal tagged seals={seals.value?.files ?? []} value={personalSeal} onChange={setPersonalSeal} testId="personal-image-select" />
                <label className="bs-field">
                  <span className="bs-field-label">{t('signature.docs.label')}</span>
                  <HandSignaturePicker {...(handSig ? { value: handSig } : {})} onChange={setHandSig} />
                </label>
                {handSig && (
                  <div className="bs-hand-signature" data-testid="signature-chosen">
                    <img className="bs-signature-thumb" src={handSig.url} alt={t('signature.person.thumbAlt', { name: handSig.signature?.personName ?? '' })} />
                    <Typography.Text type="secondary" data-testid="signature-not-eseal">{t('signature.docs.notESeal')}</Typography.Text>
                  </div>
                )}
                {current && (
                  <ByTextPanel
                    file={current}
                    {...(seal ? { seal } : {})}
                    {...(personalSeal ? { personalSeal } : {})}
                    {...(handSig ? { signature: handSig } : {})}
                    onPage={goTo}
                    onPlace={(ps) => {
                      setPlacements((old) => [...old.filter((x) => !x.byText), ...ps]);
                      if (ps.length) void message.success(t('documents.byText.placed', { count: ps.length }));
                    }}
                  />
                )}
                <Typography.Text type="secondary" className="bs-seal-keys">{t('documents.seals.keys')}</Typography.Text>
                <Button type="primary" block icon={<SignatureOutlined />} disabled={!current || placements.length === 0} onClick={() => setSigning(true)} data-testid="sign-open">
                  {t('documents.sign.button', { count: toRequests(placements).length })}
                </Button>
              </div>
            </Card>
            )}
            {!currentIsOfd && (
            <Card className="bs-card" title={<Space>{t('documents.panel.title')}{signatures.length > 0 && <Tag>{signatures.length}</Tag>}</Space>}>
              {current ? <SignaturePanel signatures={signatures} sm2IdPolicy={sm2IdPolicy} onSm2IdPolicy={setSm2IdPolicy} /> : <Typography.Text type="secondary">{t('documents.viewer.choose')}</Typography.Text>}
            </Card>
            )}
          </div>
        </Col>
      </Row>
      {batchOpen && (
        <BatchSignModal
          open
          files={checkedFiles}
          seals={seals.value?.files ?? []}
          {...(seal ? { initialSeal: seal } : {})}
          {...(handSig ? { initialSignature: handSig } : {})}
          onClose={() => setBatchOpen(false)}
          onFinished={(r) => {
            setRefresh((n) => n + 1);
            setChecked((c) => c.filter((id) => !r.results.some((x) => x.fileId === id && x.status === 'signed')));
          }}
          onOpen={(f) => {
            setBatchOpen(false);
            open(f);
          }}
        />
      )}
      {current && (
        <SignModal
          open={signing}
          file={current}
          placements={placements}
          onClose={() => setSigning(false)}
          onSigned={(r) => {
            setSigning(false);
            setRefresh((n) => n + 1);
            void message.success(t('documents.sign.done', { name: r.file.name }));
            if (projectId) navigate(`/projects/${projectId}`);
            setVerified((v) => ({ ...v, [r.file.id]: r.signatures }));
            open(r.file);
          }}
        />
      )}
    </SectionPage>
  );
}
