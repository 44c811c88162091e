// Runs in the renderer. The handwritten signatures (手写签名) of the current bidder's people, read from the
// unlocked vault (vault/signatures.ts), offered beside the seals: the chosen one becomes a SealImage whose
// picture goes inline with the request (never into the file store). It is a picture that gives a digital
// signature its look, labelled so, never an electronic seal.
import { useEffect, useMemo, useState } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { bidderSignatures, type PersonSignatures, type StoredSignature } from '../../vault/signatures';
import { bytesToBase64 } from '../../../../shared/encoding/base64';
import { pngSize } from '../../components/signature/ink';
import { drawnOnText } from '../vault/PersonSignature';
import type { SealImage } from './model';
import '../../components/signature/signature.css';

/** A stored signature as a placeable picture (blob: URL for the preview, aspect from its PNG header). */
export function signatureImage(person: Pick<PersonSignatures, 'name'>, s: StoredSignature): SealImage {
  const size = pngSize(s.png);
  return {
    url: URL.createObjectURL(new Blob([s.png as BlobPart], { type: 'image/png' })),
    aspect: size && size.width ? size.height / size.width : 0.3,
    signature: { id: s.id, personName: person.name, drawnAt: s.drawnAt, base64: bytesToBase64(s.png) },
  };
}

/** The people of the current bidder with a signature, or 'locked' while the vault is locked (or no bidder is chosen). */
export function useHandSignatures(): PersonSignatures[] | 'locked' | null {
  const { vault, state, current, revision } = useVaultSession();
  const [people, setPeople] = useState<PersonSignatures[] | null>(null);
  const open = state === 'unlocked' && !!current;
  useEffect(() => {
    if (!open || !current) return;
    let gone = false;
    void bidderSignatures(vault, current.id).then(
      (p) => !gone && setPeople(p),
      () => !gone && setPeople([]),
    );
    return () => {
      gone = true;
    };
  }, [vault, open, current, revision]);
  return open ? people : 'locked';
}

/** The chosen signature's blob: URL belongs to the caller (revoked when it is replaced), as with the seals. */
export function HandSignaturePicker({ value, onChange, testId = 'signature-select' }: { value?: SealImage; onChange(s: SealImage | undefined): void; testId?: string }) {
  const { t, i18n } = useTranslation();
  const people = useHandSignatures();
  const options = useMemo(
    () =>
      Array.isArray(people)
        ? people.flatMap((p) =>
            p.signatures.map((s) => ({
              value: s.id,
              label: t(p.legalRepresentative ? 'signature.docs.optionLegal' : 'signature.docs.option', { name: p.name, at: drawnOnText(s.drawnAt, i18n.language) }),
            })),
          )
        : [],
    [people, t, i18n.language],
  );
  // a locked vault or another bidder drops the chosen signature (it is not theirs, or not to be used now);
  // the legal representative's newest signature is chosen when nothing is yet
  useEffect(() => {
    if (people === null) return;
    const kept = Array.isArray(people) && !!value && people.some((p) => p.signatures.some((s) => s.id === value.signature?.id));
    if (value && !kept) onChange(undefined);
    if (kept || !Array.isArray(people)) return;
    const legal = people.find((p) => p.legalRepresentative);
    if (legal?.signatures[0]) onChange(signatureImage(legal, legal.signatures[0]));
  }, [people]); // eslint-disable-line react-hooks/exhaustive-deps

  if (people === 'locked') return <Typography.Text type="secondary" data-testid={`${testId}-locked`}>{t('signature.docs.locked')}</Typography.Text>;
  const choose = (id?: string) => {
    for (const p of Array.isArray(people) ? people : [])
      for (const s of p.signatures) if (s.id === id) return onChange(signatureImage(p, s));
    onChange(undefined);
  };
  return (
    <Select
      allowClear
      value={value?.signature?.id}
      onChange={choose}
      options={options}
      loading={people === null}
      placeholder={t('signature.docs.placeholder')}
      notFoundContent={t('signature.docs.none')}
      data-testid={testId}
      style={{ width: '100%' }}
      optionRender={(o) => <span data-testid="signature-option">{o.label}</span>}
    />
  );
}
