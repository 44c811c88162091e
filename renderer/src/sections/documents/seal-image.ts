// Runs in the renderer. Loads a stored seal for preview and placement: a loose picture (PNG/JPEG) or an electronic
// seal (.esl, docs/ESEAL.md) whose own picture is shown; a blob: URL and its aspect ratio (height / width), which
// sizes a seal's rectangle so the image is not distorted. An electronic seal is checked here (maker signature,
// validity period) so the UI can say why it would be refused; the signer list is checked when signing.
import { readRange, type StoredFileView } from '../../files/store';
import { parseSeal, verifySeal, describeSeal } from '../../../../shared/eseal/seal';
import type { SealImage } from './model';

export const isElectronicSeal = (f: StoredFileView): boolean => f.mediaType === 'application/x-eseal' || /\.esl$/i.test(f.name);

export async function loadSeal(file: StoredFileView): Promise<SealImage> {
  const bytes = await readRange(file.id, 0, file.size);
  if (isElectronicSeal(file)) {
    const seal = parseSeal(bytes);
    const d = describeSeal(seal);
    const v = await verifySeal(seal);
    const type = seal.picture.type === 'PNG' ? 'image/png' : 'image/jpeg';
    const url = URL.createObjectURL(new Blob([seal.picture.data as BlobPart], { type }));
    const problems = v.problems.filter((p) => p.code !== 'maker-untrusted').map((p) => p.code);
    return {
      file,
      url,
      aspect: seal.picture.heightMm / (seal.picture.widthMm || 1) || 1,
      eseal: { name: seal.property.name, holders: d.holders as string[], maker: String(d.maker ?? ''), validStart: seal.property.validStart.toISOString().slice(0, 10), validEnd: seal.property.validEnd.toISOString().slice(0, 10), widthMm: seal.picture.widthMm, heightMm: seal.picture.heightMm, problems },
    };
  }
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: file.mediaType }));
  const img = new Image();
  img.src = url;
  await img.decode();
  return { file, url, aspect: img.naturalHeight / img.naturalWidth || 1 };
}
