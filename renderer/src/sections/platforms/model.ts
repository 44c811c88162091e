// Runs in the renderer. What the platforms pages share: the profile type as the IPC returns it, the
// UI language as 'zh' | 'en', and the custody model in plain words.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../../../shared/ipc/contract';

export type Platform = Response<'platforms.get'>;
export type DirectoryStatus = Response<'platforms.list'>['directory'];
export type Unconfirmed = Platform['unconfirmed'][number];

export function useLang(): 'zh' | 'en' {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh') ? 'zh' : 'en';
}

/** The twelve platforms of the notice (and any later directory entries of those kinds). */
export const isParticipating = (p: Platform) => p.source === 'directory' && (p.kind === 'public-resource-trading' || p.kind === 'enterprise-procurement');

export const KIND_COLOR: Record<Platform['kind'], string> = { 'public-resource-trading': 'blue', 'enterprise-procurement': 'cyan', reference: 'purple', other: 'gold' };

/** Who can open a bid sealed for this platform, in words. */
export function custodyText(t: TFunction, p: Platform): string {
  const platformCount = p.recipients.length;
  const bidder = p.envelope.includeBidderRecipient;
  if (platformCount === 0 && bidder) return t('platforms.custody.bidder');
  const who = [platformCount ? t('platforms.custody.platformCerts', { count: platformCount }) : '', bidder ? t('platforms.custody.bidderCert') : ''].filter(Boolean).join(' + ') || t('platforms.custody.nobody');
  const c = p.envelope.custody;
  if (c.kind === 'joint') return t('platforms.custody.joint', { who });
  if (c.kind === 'threshold') return t('platforms.custody.threshold', { who, k: c.k });
  return t('platforms.custody.any', { who });
}

export const fmtBytes = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(n / 1024 ** 2)} MiB`);

/**
 * A recipient certificate's name in the UI's language: the directory's label is one string (often English
 * for test platforms), so a Chinese UI names the recipient by its role unless the label is Chinese.
 */
export function recipientLabel(t: TFunction, r: Platform['recipients'][number], lang: 'zh' | 'en'): string {
  const role = t(`platforms.recipientRole.${r.role}`);
  if (lang === 'zh' && !/[\u4e00-\u9fff]/.test(r.label)) return role;
  return r.label || role;
}
