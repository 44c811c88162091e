// Runs in the renderer. The form rule of every field that sets a passphrase (vault creation, passphrase
// change, backup export): the strength estimate of vault/passphrase-strength.ts, refused below MIN_SCORE
// with what made it weak, in the user's language.
import type { TFunction } from 'i18next';
import { MIN_SCORE, passphraseStrength } from '../../vault/passphrase-strength';

export function passphraseRule(t: TFunction) {
  return {
    validator: async (_: unknown, value: unknown) => {
      if (typeof value !== 'string' || value === '') return;
      const s = passphraseStrength(value);
      if (s.score >= MIN_SCORE) return;
      const hints = s.warnings.map((w) => t(`vault.strength.${w}`)).join(t('vault.strength.separator'));
      throw new Error(`${t('vault.strength.tooWeak', { level: t(`vault.strength.level${s.score}`) })}${hints ? ` ${hints}` : ''}`);
    },
  };
}
