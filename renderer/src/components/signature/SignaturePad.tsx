// Runs in the renderer. The handwritten signature pad (手写签名): a canvas drawn on with a mouse, a pen or a
// finger (Pointer Events, coalesced samples, pen pressure), smoothed strokes (ink.ts), undo and clear, and a
// preview of what is kept: a PNG with a transparent background, trimmed to the ink, at least 600 px wide so
// it prints sharp. Keyboard users can open and close it; the pad says that writing needs a pointer.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, type ButtonProps, Modal, Space, Typography } from 'antd';
import { ClearOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { exportScale, hasInk, inkBounds, pressureOf, segments, trimBox, type Segment, type Stroke } from './ink';
import './signature.css';

/** the ink: a blue-black like a gel pen's */
export const INK = '#10204a';
/** margin kept around the ink in the exported picture, in export pixels */
const MARGIN = 12;

function drawSegments(ctx: CanvasRenderingContext2D, segs: readonly Segment[]) {
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  for (const s of segs) {
    if (s.from === s.to) {
      ctx.beginPath();
      ctx.arc(s.from.x, s.from.y, s.width / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.lineWidth = s.width;
    ctx.moveTo(s.from.x, s.from.y);
    ctx.quadraticCurveTo(s.ctrl.x, s.ctrl.y, s.to.x, s.to.y);
    ctx.stroke();
  }
}

/** The strokes rendered again at print resolution, trimmed to the ink: PNG bytes (transparent background). */
export async function exportSignature(strokes: readonly Stroke[]): Promise<{ png: Uint8Array; width: number; height: number }> {
  const ink = inkBounds(strokes);
  if (!ink) throw new Error('no ink');
  const s = exportScale(ink);
  const w = Math.ceil(ink.width * s) + 2 * MARGIN;
  const h = Math.ceil(ink.height * s) + 2 * MARGIN;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d')!;
  ctx.setTransform(s, 0, 0, s, MARGIN - ink.x * s, MARGIN - ink.y * s);
  for (const st of strokes) drawSegments(ctx, segments(st));
  const box = trimBox(ctx.getImageData(0, 0, w, h).data, w, h, MARGIN) ?? { x: 0, y: 0, width: w, height: h };
  const out = document.createElement('canvas');
  out.width = box.width;
  out.height = box.height;
  out.getContext('2d')!.drawImage(c, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
  const blob = await new Promise<Blob>((res, rej) => out.toBlob((b) => (b ? res(b) : rej(new Error('toBlob'))), 'image/png'));
  return { png: new Uint8Array(await blob.arrayBuffer()), width: box.width, height: box.height };
}

/** The drawing surface: strokes in CSS pixels of the canvas, drawn at the screen's pixel ratio. */
function Pad({ strokes, onStrokes, label, hint }: { strokes: Stroke[]; onStrokes(s: Stroke[]): void; label: string; hint: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const live = useRef<Stroke | null>(null);
  const all = useRef(strokes);
  all.current = strokes;

  const paint = useCallback(() => {
    const c = ref.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = c.getBoundingClientRect();
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (const s of all.current) drawSegments(ctx, segments(s));
    if (live.current) drawSegments(ctx, segments(live.current));
  }, []);
  useEffect(paint, [paint, strokes]);
  useEffect(() => {
    const c = ref.current;
    if (!c || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(paint);
    ro.observe(c);
    return () => ro.disconnect();
  }, [paint]);

  const at = (e: PointerEvent | React.PointerEvent) => {
    const r = ref.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top, p: pressureOf(e) };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    live.current = [at(e)];
    paint();
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!live.current) return;
    // every sample the device gave since the last frame, for smooth fast strokes
    const samples = typeof e.nativeEvent.getCoalescedEvents === 'function' ? e.nativeEvent.getCoalescedEvents() : [];
    for (const s of samples.length ? samples : [e.nativeEvent]) live.current.push(at(s));
    paint();
  };
  const up = () => {
    const s = live.current;
    live.current = null;
    if (s) onStrokes([...all.current, s]);
  };

  return (
    <canvas
      ref={ref}
      className="bs-signature-pad"
      role="img"
      aria-label={label}
      aria-describedby="bs-signature-pointer-hint"
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') document.getElementById('bs-signature-pointer-hint')?.focus();
      }}
      data-testid="signature-pad"
      data-strokes={strokes.length}
      title={hint}
    />
  );
}

/**
 * The dialog: draw, undo, clear, look at the picture that will be kept, save. `onSave` gets the PNG; the
 * dialog stays open (busy) until it resolves.
 */
export function SignaturePadModal({ open, personName, onCancel, onSave }: { open: boolean; personName: string; onCancel(): void; onSave(png: Uint8Array): Promise<void> }) {
  const { t } = useTranslation();
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [preview, setPreview] = useState<{ url: string; png: Uint8Array; width: number; height: number } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) setStrokes([]);
  }, [open]);
  useEffect(() => {
    let gone = false;
    if (!hasInk(strokes)) {
      setPreview(null);
      return;
    }
    void exportSignature(strokes).then((r) => {
      if (gone) return;
      setPreview({ ...r, url: URL.createObjectURL(new Blob([r.png as BlobPart], { type: 'image/png' })) });
    });
    return () => {
      gone = true;
    };
  }, [strokes]);
  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview.url);
  }, [preview]);

  const undo = () => setStrokes((s) => s.slice(0, -1));
  const save = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      await onSave(preview.png);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('signature.pad.title', { name: personName })}
      onCancel={onCancel}
      onOk={() => void save()}
      okText={t('signature.pad.save')}
      cancelText={t('signature.pad.cancel')}
      okButtonProps={{ disabled: !preview, loading: busy, 'data-testid': 'signature-save' } as ButtonProps}
      width={680}
      destroyOnHidden
      // a pen that slips off the pad onto the mask must not throw the drawing away
      maskClosable={false}
      data-testid="signature-modal"
    >
      <div
        className="bs-stack"
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
            e.preventDefault();
            undo();
          }
        }}
      >
        <Typography.Text type="secondary" id="bs-signature-pointer-hint" tabIndex={-1} aria-live="polite" data-testid="signature-pointer-hint">
          {t('signature.pad.pointerHint')}
        </Typography.Text>
        <div className="bs-signature-frame">
          <Pad strokes={strokes} onStrokes={setStrokes} label={t('signature.pad.label', { name: personName })} hint={t('signature.pad.draw')} />
          {strokes.length === 0 && <span className="bs-signature-placeholder" aria-hidden>{t('signature.pad.draw')}</span>}
          <span className="bs-signature-baseline" aria-hidden />
        </div>
        <Space wrap>
          <Button icon={<UndoOutlined />} disabled={strokes.length === 0} onClick={undo} data-testid="signature-undo">
            {t('signature.pad.undo')}
          </Button>
          <Button icon={<ClearOutlined />} disabled={strokes.length === 0} onClick={() => setStrokes([])} data-testid="signature-clear">
            {t('signature.pad.clear')}
          </Button>
        </Space>
        {preview ? (
          <div className="bs-signature-preview" data-testid="signature-preview" data-width={preview.width} data-height={preview.height}>
            <Typography.Text type="secondary">{t('signature.pad.preview', { width: preview.width, height: preview.height })}</Typography.Text>
            <img src={preview.url} alt={t('signature.pad.previewAlt', { name: personName })} />
          </div>
        ) : (
          strokes.length > 0 && <Alert type="info" showIcon title={t('signature.pad.tooShort')} />
        )}
        <Typography.Text type="secondary" className="bs-signature-legal">{t('signature.pad.legal')}</Typography.Text>
      </div>
    </Modal>
  );
}
