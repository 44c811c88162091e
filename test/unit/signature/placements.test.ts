// The documents page's requests with a handwritten signature (renderer/src/sections/documents/model.ts): the
// picture goes inline (imagePng), never as a stored file id; those placed by the words are one signature per
// picture with a widget at each place, the one placed by click a signature of its own.
import { describe, expect, it } from 'vitest';
import { imageId, toRequests, type Placement, type SealImage } from '../../../renderer/src/sections/documents/model';
import { SealPlacement } from '../../../shared/ipc/specs/pdf';

const sig: SealImage = { url: 'blob:x', aspect: 0.3, signature: { id: 'a1', personName: '张三', drawnAt: '2026-12-04T23:00:00Z', base64: 'iVBORw0KGgoAAAA' } };
const rect = { x: 10, y: 20, width: 113, height: 33.9 };

describe('handwritten signature placements', () => {
  it('sends the picture inline, one signature for the places found by the words', () => {
    const ps: Placement[] = [
      { key: 'k1', kind: 'handwritten', page: 0, rect, seal: sig },
      { key: 'k2', kind: 'handwritten', page: 0, rect, seal: sig, byText: true },
      { key: 'k3', kind: 'handwritten', page: 2, rect, seal: sig, byText: true },
    ];
    const r = toRequests(ps);
    expect(r).toEqual([
      { kind: 'handwritten', page: 0, rect, imagePng: 'iVBORw0KGgoAAAA' },
      { kind: 'handwritten', imagePng: 'iVBORw0KGgoAAAA', places: [{ page: 0, rect }, { page: 2, rect }] },
    ]);
    for (const x of r) expect(SealPlacement.safeParse(x).success).toBe(true);
    expect(imageId(sig)).toBe('signature:a1');
  });

  it('refuses an inline picture that is not a base64 PNG (nor a path)', () => {
    expect(SealPlacement.safeParse({ kind: 'handwritten', page: 0, rect, imagePng: 'not base64!' }).success).toBe(false);
    expect(SealPlacement.safeParse({ kind: 'handwritten', page: 0, rect, imagePng: '/etc/passwd' }).success).toBe(false);
    expect(SealPlacement.safeParse({ kind: 'handwritten', page: 0, rect, imagePng: '/9j/4AAQSkZJRg' }).success).toBe(false); // a JPEG
  });
});
