// Runs in the renderer. Loads a stored seal image (PNG/JPEG) for preview and placement: a blob: URL and its
// aspect ratio (height / width), which sizes a seal's rectangle so the image is not distorted.
import { readRange, type StoredFileView } from '../../files/store';
import type { SealImage } from './model';

export async function loadSeal(file: StoredFileView): Promise<SealImage> {
  const bytes = await readRange(file.id, 0, file.size);
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: file.mediaType }));
  const img = new Image();
  img.src = url;
  await img.decode();
  return { file, url, aspect: img.naturalHeight / img.naturalWidth || 1 };
}
