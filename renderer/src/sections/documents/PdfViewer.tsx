// Runs in the renderer. The document view: pages rendered by pdf.js (read from the store in ranges, pages
// drawn when they scroll into view), thumbnails, zoom, and the seal placements on top — dragged with the
// mouse or moved with the arrow keys (Shift = 10 pt), resized from the corner or with +/−. Positions are
// kept in PDF points of each page's user space (pdf.js's viewport converts both ways, rotation included);
// a cross-page seal shows its strip at the right edge of every page and moves only up and down.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { Alert, Button, Spin, Tooltip, Typography } from 'antd';
import { ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { openStoredPdf, type PDFDocumentProxy, type PageViewport } from '../../pdf/pdfjs';
import type { StoredFileView } from '../../files/store';
import { DEFAULT_SIZE, MIN_SIZE, type Placement, type SignatureView } from './model';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** The placements a page shows and edits, and the signatures it outlines: the viewer hands them to each page. */
interface PlacementProps {
  placements: Placement[];
  onChange(next: Placement[]): void;
  selected?: string;
  onSelect(key: string | undefined): void;
  /** existing signatures: their seal rectangles are outlined */
  signatures: SignatureView[];
}

interface Props extends PlacementProps {
  file: StoredFileView;
  onPage(page: number): void;
  /** scroll to this page (a new object each time it is asked) */
  jump?: { page: number };
}

export function PdfViewer({ file, placements, onChange, selected, onSelect, signatures, onPage, jump }: Props) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const pagesRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setDoc(null);
    setError(null);
    // pdf.js rejects what is still loading once the task is destroyed (another file chosen, the page left):
    // that is not an error to show, nor an unhandled rejection
    let destroyed = false;
    const task = openStoredPdf(file.id, file.size);
    task.promise
      .then(async (d) => {
        // start at the largest zoom step that fits the first page's width
        const w = (await d.getPage(1)).getViewport({ scale: 1 }).width;
        if (destroyed) return;
        const avail = (rootRef.current?.clientWidth || 800) - 112 - 40;
        setZoom([...ZOOMS].reverse().find((z) => z * w <= avail) ?? ZOOMS[0]);
        setDoc(d);
      })
      .catch((e: unknown) => destroyed || setError(e instanceof Error ? e.message : String(e)));
    return () => {
      destroyed = true;
      void task.destroy();
    };
  }, [file.id, file.size]);

  const scrollTo = (i: number) => {
    pagesRef.current?.querySelector(`[data-page-index="${i}"]`)?.scrollIntoView({ block: 'start' });
    onPage(i);
  };

  useEffect(() => {
    if (jump && doc) pagesRef.current?.querySelector(`[data-page-index="${jump.page}"]`)?.scrollIntoView({ block: 'center' });
  }, [jump, doc]);

  if (error) return <Alert type="error" showIcon title={t('documents.viewer.loadError')} description={error} />;
  if (!doc) return <div className="bs-doc-loading" ref={rootRef}><Spin /></div>;
  const pages = Array.from({ length: doc.numPages }, (_, i) => i);
  const zi = ZOOMS.indexOf(zoom);
  return (
    <div className="bs-doc-viewer" data-testid="pdf-viewer" data-pages={doc.numPages} ref={rootRef}>
      <div className="bs-doc-toolbar">
        <Typography.Text type="secondary">{t('documents.viewer.pages', { count: doc.numPages })}</Typography.Text>
        <span className="bs-doc-toolbar-gap" />
        <Tooltip title={t('documents.viewer.zoomOut')}>
          <Button size="small" icon={<ZoomOutOutlined />} disabled={zi <= 0} onClick={() => setZoom(ZOOMS[zi - 1])} aria-label={t('documents.viewer.zoomOut')} data-testid="zoom-out" />
        </Tooltip>
        <span className="bs-doc-zoom" data-testid="zoom-level">{Math.round(zoom * 100)}%</span>
        <Tooltip title={t('documents.viewer.zoomIn')}>
          <Button size="small" icon={<ZoomInOutlined />} disabled={zi >= ZOOMS.length - 1} onClick={() => setZoom(ZOOMS[zi + 1])} aria-label={t('documents.viewer.zoomIn')} data-testid="zoom-in" />
        </Tooltip>
      </div>
      <div className="bs-doc-body">
        <nav className="bs-doc-thumbs" aria-label={t('documents.viewer.thumbnails')}>
          {pages.map((i) => (
            <button key={i} type="button" className="bs-doc-thumb" onClick={() => scrollTo(i)} data-testid="page-thumb" aria-label={t('documents.viewer.goToPage', { page: i + 1 })}>
              <PageCanvas doc={doc} index={i} scale={0.18} />
              <span>{i + 1}</span>
            </button>
          ))}
        </nav>
        <div className="bs-doc-pages" ref={pagesRef}>
          {pages.map((i) => (
            <PageView key={i} doc={doc} index={i} scale={zoom} placements={placements} onChange={onChange} selected={selected} onSelect={onSelect} signatures={signatures} onVisible={() => onPage(i)} />
          ))}
        </div>
      </div>
    </div>
  );
}

/** Renders one page into a canvas once it is (nearly) visible; reports its viewport. */
function PageCanvas({ doc, index, scale, onViewport }: { doc: PDFDocumentProxy; index: number; scale: number; onViewport?(v: PageViewport): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const io = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setVisible(true), { rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, []);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    void doc.getPage(index + 1).then((page) => {
      if (cancelled) return;
      const vp = page.getViewport({ scale });
      setSize({ w: vp.width, h: vp.height });
      onViewport?.(vp);
      const el = canvas.current;
      if (!visible || !el) return;
      const ratio = window.devicePixelRatio || 1;
      el.width = Math.floor(vp.width * ratio);
      el.height = Math.floor(vp.height * ratio);
      task = page.render({ canvas: el, viewport: vp, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined });
      task.promise.then(
        () => el.setAttribute('data-rendered', 'true'),
        () => {},
      );
    }, () => {
      // the document was destroyed while this page loaded, or pdf.js cannot read the page: it stays blank
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
    // onViewport is a fresh closure each render; the page only changes with these
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, index, scale, visible]);
  return <canvas ref={canvas} className="bs-doc-canvas" style={size ? { width: size.w, height: size.h } : { width: 595 * scale, height: 842 * scale }} />;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function toView(vp: PageViewport, r: { x: number; y: number; width: number; height: number }): Box {
  const [a, b, c, d] = vp.convertToViewportRectangle([r.x, r.y, r.x + r.width, r.y + r.height]);
  return { left: Math.min(a, c), top: Math.min(b, d), width: Math.abs(c - a), height: Math.abs(d - b) };
}

function toPdf(vp: PageViewport, b: Box): { x: number; y: number; width: number; height: number } {
  const [x1, y1] = vp.convertToPdfPoint(b.left, b.top);
  const [x2, y2] = vp.convertToPdfPoint(b.left + b.width, b.top + b.height);
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function PageView({ doc, index, scale, placements, onChange, selected, onSelect, signatures, onVisible }: PlacementProps & {
  doc: PDFDocumentProxy;
  index: number;
  scale: number;
  onVisible(): void;
}) {
  const { t } = useTranslation();
  const [vp, setVp] = useState<PageViewport | null>(null);
  const drag = useRef<{ key: string; mode: 'move' | 'resize'; x: number; y: number; box: Box } | null>(null);
  const pageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = pageRef.current;
    if (!el) return;
    const io = new IntersectionObserver((es) => es.some((e) => e.intersectionRatio > 0.5) && onVisible(), { threshold: 0.5 });
    io.observe(el);
    return () => io.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pageCount = doc.numPages;
  const update = (key: string, f: (p: Placement) => Placement) => onChange(placements.map((p) => (p.key === key ? f(p) : p)));

  /** the cross-page seal's strip on this page, in viewport pixels */
  const stripBox = (p: Placement): Box | null => {
    if (!vp || !p.seal) return null;
    const w = (p.width ?? DEFAULT_SIZE['cross-page']) * scale;
    const h = w * p.seal.aspect;
    const stripW = w / pageCount;
    const top = p.y === undefined ? (vp.height - h) / 2 : vp.height - p.y * scale - h;
    return { left: vp.width - stripW, top, width: stripW, height: h };
  };

  const onPointerDown = (e: ReactPointerEvent, p: Placement, mode: 'move' | 'resize', box: Box) => {
    e.preventDefault();
    e.stopPropagation();
    onSelect(p.key);
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = { key: p.key, mode, x: e.clientX, y: e.clientY, box };
  };
  const onPointerMove = (e: ReactPointerEvent, p: Placement) => {
    const d = drag.current;
    if (!d || d.key !== p.key || !vp) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (p.kind === 'cross-page') {
      const top = clamp(d.box.top + dy, 0, vp.height - d.box.height);
      update(p.key, (q) => ({ ...q, y: (vp.height - top - d.box.height) / scale }));
      return;
    }
    const aspect = p.seal?.aspect ?? 1;
    let box: Box;
    if (d.mode === 'move') box = { ...d.box, left: clamp(d.box.left + dx, 0, vp.width - d.box.width), top: clamp(d.box.top + dy, 0, vp.height - d.box.height) };
    else {
      const width = clamp(d.box.width + dx, MIN_SIZE * scale, Math.min(vp.width - d.box.left, (vp.height - d.box.top) / aspect));
      box = { ...d.box, width, height: width * aspect };
    }
    update(p.key, (q) => ({ ...q, rect: toPdf(vp, box) }));
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const onKey = (e: KeyboardEvent, p: Placement) => {
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (p.kind === 'cross-page') {
      const m = moves[e.key];
      if (!m || !vp) return;
      e.preventDefault();
      const b = stripBox(p)!;
      const bottom = (vp.height - b.top - b.height) / scale;
      update(p.key, (q) => ({ ...q, y: clamp(bottom + m[1], 0, vp.height / scale - b.height / scale) }));
      return;
    }
    if (moves[e.key]) {
      e.preventDefault();
      const [mx, my] = moves[e.key];
      update(p.key, (q) => ({ ...q, rect: { ...q.rect, x: q.rect.x + mx, y: q.rect.y + my } }));
    } else if (e.key === '+' || e.key === '=' || e.key === '-') {
      e.preventDefault();
      const f = e.key === '-' ? -step : step;
      update(p.key, (q) => {
        const width = Math.max(MIN_SIZE, q.rect.width + f);
        return { ...q, rect: { ...q.rect, width, height: width * (q.seal?.aspect ?? 1) } };
      });
    }
  };

  const mine = placements.filter((p) => (p.kind === 'cross-page' ? true : p.kind !== 'invisible' && p.page === index));
  const existing = signatures.flatMap((s) => s.widgets.filter((w) => w.page === index).map((w, i) => ({ key: `${s.fieldName}-${i}`, s, w })));
  return (
    <div className="bs-doc-page" data-page-index={index} ref={pageRef} onPointerDown={() => onSelect(undefined)}>
      <PageCanvas doc={doc} index={index} scale={scale} onViewport={setVp} />
      {vp &&
        existing.map(({ key, s, w }) => {
          const b = toView(vp, w.rect);
          return <div key={key} className={`bs-doc-existing bs-verdict-${s.bottomLine}`} style={b} title={s.signer?.commonName ?? s.fieldName} data-testid="existing-seal" />;
        })}
      {vp &&
        mine.map((p) => {
          if (!p.seal) return null;
          const cross = p.kind === 'cross-page';
          const b = cross ? stripBox(p)! : toView(vp, p.rect);
          const fullW = b.width * (cross ? pageCount : 1);
          const label = t(`documents.kinds.${p.kind}`);
          return (
            <div
              key={p.key}
              role="button"
              tabIndex={0}
              aria-label={t('documents.viewer.sealAria', { kind: label, page: index + 1 })}
              className={`bs-doc-seal${selected === p.key ? ' bs-doc-seal-selected' : ''}${cross ? ' bs-doc-seal-cross' : ''}`}
              style={{ ...b, backgroundImage: `url(${p.seal.url})`, backgroundSize: `${fullW}px ${b.height}px`, backgroundPosition: cross ? `${-index * b.width}px 0` : '0 0' }}
              onPointerDown={(e) => onPointerDown(e, p, 'move', b)}
              onPointerMove={(e) => onPointerMove(e, p)}
              onPointerUp={onPointerUp}
              onKeyDown={(e) => onKey(e, p)}
              onFocus={() => onSelect(p.key)}
              data-testid="placed-seal"
              data-kind={p.kind}
              data-page={index}
            >
              <span className="bs-doc-seal-tag">{label}</span>
              {!cross && (
                <span
                  className="bs-doc-seal-resize"
                  onPointerDown={(e) => onPointerDown(e, p, 'resize', b)}
                  onPointerMove={(e) => onPointerMove(e, p)}
                  onPointerUp={onPointerUp}
                  data-testid="seal-resize"
                  aria-hidden="true"
                />
              )}
            </div>
          );
        })}
    </div>
  );
}
