// Runs in Node. The font Chinese seal text is drawn with: Noto Sans SC Regular (SIL Open Font License 1.1,
// npm @expo-google-fonts/noto-sans-sc), read from disk once per process and embedded as a subset by
// shared/pdf/cid-font.ts. A TrueType (glyf) build: poppler, pdf.js and Acrobat all render CIDFontType2.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { BidSealError } from '../../../shared/errors';
import type { AppearanceOptions } from '../../../shared/pdf/appearance';

export const SEAL_FONT = { family: 'Noto Sans SC', weight: 400, licence: 'OFL-1.1', module: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf' } as const;
/** the bold cut of the same family (headings of generated letters) */
export const BOLD_FONT_MODULE = '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf';

/** Resolves a bundled font file like a module (the CLI, the host and the built app each find it from where they run). */
export const fontAssetPath = (module: string): string => createRequire(import.meta.url).resolve(module);

let cached: Promise<Uint8Array> | undefined;

/** Path of the bundled seal font (resolved like a module, so it works from the CLI, the host and the app). */
export function sealFontPath(): string {
  try {
    return fontAssetPath(SEAL_FONT.module);
  } catch (e) {
    throw new BidSealError('E_FONT_UNAVAILABLE', `${SEAL_FONT.family} is not installed (${SEAL_FONT.module})`, undefined, { cause: e });
  }
}

/** The seal font's bytes (10 MB, read once; only the glyphs used end up in a PDF). */
export function loadSealFont(): Promise<Uint8Array> {
  cached ??= readFile(sealFontPath()).then(
    (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
    (e: unknown) => {
      cached = undefined;
      throw e instanceof BidSealError ? e : new BidSealError('E_FONT_UNAVAILABLE', `cannot read ${SEAL_FONT.family}`, undefined, { cause: e });
    },
  );
  return cached;
}

/** Latin-1 text renders with the PDF's standard Helvetica; anything else needs an embedded font. */
export const needsEmbeddedFont = (lines: readonly string[] | undefined): boolean => !!lines?.some((l) => !/^[\x20-\x7e\xa0-\xff]*$/.test(l));

/** `appearance` with the seal font filled in when its text needs one and the caller gave none. */
export async function withSealFont(appearance: AppearanceOptions | undefined): Promise<AppearanceOptions | undefined> {
  if (!appearance || appearance.font || !needsEmbeddedFont(appearance.text)) return appearance;
  return { ...appearance, font: await loadSealFont() };
}
