// Runs in the renderer. One OFD page drawn as SVG from the draw list `ofd.page` gives (shared/ofd/render.ts):
// coordinates stay in the page's millimetres (the viewBox is the PhysicalBox), each object keeps its CTM and is
// clipped to its Boundary; text uses the document's embedded font when it carries one, otherwise the named font
// and then a CJK system font; the seals already on the page are drawn with their own pictures. A click reports
// the point in page millimetres, so a seal is placed on an OFD the way it is on a PDF.
import { useEffect, useId, useMemo, useState, type MouseEvent } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { client } from '../../ipc/client';
import { useIpc } from '../../hooks/useIpc';
import type { Response } from '../../../../shared/ipc/contract';
import { ErrorAlert } from '../../components/ErrorAlert';

type Drawing = Response<'ofd.page'>;
type Item = Drawing['items'][number];
type Color = { rgb: string; alpha: number } | null;

/** system fonts that carry the CJK glyphs OFD documents use, after the document's own font */
const CJK_FALLBACK = ['SimSun', '宋体', 'Songti SC', 'Noto Serif CJK SC', 'Noto Sans CJK SC', 'Source Han Serif SC', 'WenQuanYi Micro Hei', 'serif'];
const SANS_HINT = /黑|hei|sans|arial|helvetica|gothic/i;

const quote = (f: string) => `"${f.replace(/["\\]/g, '')}"`;
const paint = (c: Color) => (c ? c.rgb : 'none');
const mat = (m: number[]) => `matrix(${m.join(' ')})`;

function fontStack(d: Drawing, fileId: string, id: string, loaded: Set<string>): string {
  const f = d.fonts.find((x) => x.id === id);
  const names = [...(f && loaded.has(id) ? [`ofd-${fileId}-${id}`] : []), ...(f?.name ? [f.name] : []), ...(f?.family && f.family !== f.name ? [f.family] : [])];
  const fallback = SANS_HINT.test(`${f?.name ?? ''} ${f?.family ?? ''}`) ? ['SimHei', '黑体', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'sans-serif'] : CJK_FALLBACK;
  return [...names.map(quote), ...fallback.map((n) => (/^(serif|sans-serif)$/.test(n) ? n : quote(n)))].join(', ');
}

/** the document's embedded fonts, registered once per file and font id */
function useEmbeddedFonts(d: Drawing | undefined, fileId: string): Set<string> {
  const [loaded, setLoaded] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!d || typeof FontFace === 'undefined') return;
    let live = true;
    for (const f of d.fonts) {
      if (!f.data || loaded.has(f.id)) continue;
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      new FontFace(`ofd-${fileId}-${f.id}`, bytes)
        .load()
        .then((face) => {
          document.fonts.add(face);
          if (live) setLoaded((s) => new Set(s).add(f.id));
        })
        .catch(() => {
          // a font program the browser refuses (e.g. a bare CFF subset): the named and system fonts are used
        });
    }
    return () => {
      live = false;
    };
  }, [d, fileId]); // eslint-disable-line react-hooks/exhaustive-deps
  return loaded;
}

function ItemView({ it, d, fileId, fonts, clipId }: { it: Item; d: Drawing; fileId: string; fonts: Set<string>; clipId: string }) {
  const href = (key: string | null) => (key && d.media[key] ? `data:${d.media[key].mediaType};base64,${d.media[key].data}` : undefined);
  if (it.kind === 'stamp') {
    const src = href(it.media);
    return (
      <g clipPath={`url(#${clipId})`} data-testid="ofd-stamp" data-signature={it.signatureId}>
        {src ? <image href={src} x={it.box[0]} y={it.box[1]} width={it.box[2]} height={it.box[3]} preserveAspectRatio="none" /> : <rect x={it.box[0]} y={it.box[1]} width={it.box[2]} height={it.box[3]} fill="none" stroke="#d4380d" strokeWidth={0.5} strokeDasharray="2 1" />}
      </g>
    );
  }
  let body;
  if (it.kind === 'text') {
    body = (
      <text transform={mat(it.m)} fontSize={it.size} fontFamily={fontStack(d, fileId, it.font, fonts)} fontWeight={it.bold ? 'bold' : undefined} fontStyle={it.italic ? 'italic' : undefined} fill={paint(it.fill)} fillOpacity={it.fill?.alpha} stroke={paint(it.stroke)} strokeOpacity={it.stroke?.alpha} style={{ whiteSpace: 'pre' }}>
        {it.runs.map((r, i) => (
          <tspan key={i} x={r.x} y={r.y}>
            {r.text}
          </tspan>
        ))}
      </text>
    );
  } else if (it.kind === 'path') {
    body = <path transform={mat(it.m)} d={it.d} fill={paint(it.fill)} fillOpacity={it.fill?.alpha} fillRule={it.evenOdd ? 'evenodd' : 'nonzero'} stroke={paint(it.stroke)} strokeOpacity={it.stroke?.alpha} strokeWidth={it.lineWidth} />;
  } else {
    body = <image transform={mat(it.m)} href={href(it.media)} x={0} y={0} width={1} height={1} preserveAspectRatio="none" />;
  }
  return <g clipPath={`url(#${clipId})`}>{body}</g>;
}

export interface OfdPlacementBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function OfdPageView({ fileId, page, placement, onPick }: { fileId: string; page: number; placement?: OfdPlacementBox | null; onPick?(xMm: number, yMm: number): void }) {
  const { t } = useTranslation();
  const uid = useId().replace(/:/g, '');
  const drawing = useIpc(() => client['ofd.page']({ fileId, page }), `${fileId}#${page}`);
  const d = drawing.value?.index === page ? drawing.value : undefined;
  const fonts = useEmbeddedFonts(d, fileId);
  const clips = useMemo(() => (d ? d.items.map((it) => it.clip) : []), [d]);
  if (drawing.status === 'error') return <ErrorAlert title={t('documents.ofd.pageError')} error={drawing.error} onRetry={drawing.reload} />;
  if (!d) return <Spin />;
  const [bx, by, bw, bh] = d.box;
  const click = (e: MouseEvent<SVGSVGElement>) => {
    const svg = e.currentTarget;
    const ctm = svg.getScreenCTM();
    if (!ctm || !onPick) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    onPick(p.x - bx, p.y - by);
  };
  return (
    <div className="bs-stack" style={{ gap: 4 }}>
      <svg
        data-testid="ofd-page-svg"
        data-page={page}
        data-items={d.items.length}
        viewBox={`${bx} ${by} ${bw} ${bh}`}
        style={{ width: '100%', maxWidth: `min(720px, calc(78vh * ${bw / bh}))`, aspectRatio: `${bw} / ${bh}`, background: '#fff', boxShadow: '0 1px 4px rgba(0,0,0,.25)', cursor: onPick ? 'crosshair' : undefined, display: 'block' }}
        onClick={click}
        role="img"
        aria-label={t('documents.ofd.pageLabel', { page: page + 1 })}
      >
        <defs>
          {clips.map((c, i) => (
            <clipPath id={`${uid}-c${i}`} key={i} clipPathUnits="userSpaceOnUse">
              <rect x={c[0]} y={c[1]} width={c[2]} height={c[3]} />
            </clipPath>
          ))}
        </defs>
        <rect x={bx} y={by} width={bw} height={bh} fill="#fff" />
        {d.items.map((it, i) => (
          <ItemView key={i} it={it} d={d} fileId={fileId} fonts={fonts} clipId={`${uid}-c${i}`} />
        ))}
        {placement && (
          <g data-testid="ofd-placement" pointerEvents="none">
            <rect x={bx + placement.x} y={by + placement.y} width={placement.w} height={placement.h} fill="rgba(212,56,13,0.12)" stroke="#d4380d" strokeWidth={0.6} strokeDasharray="2 1" />
            {placement.w >= 24 && (
              <text x={bx + placement.x + placement.w / 2} y={by + placement.y + placement.h / 2} fontSize={3} textAnchor="middle" fill="#d4380d">
                {t('documents.ofd.placeHere')}
              </text>
            )}
          </g>
        )}
      </svg>
      {d.skipped > 0 && <Alert type="warning" showIcon title={t('documents.ofd.skipped', { count: d.skipped })} />}
    </div>
  );
}
