// Runs in the renderer. Search across the current bidder's records. The vault indexes nothing
// sensitive, so the search decrypts the bidder's rows in memory and matches their text (a bidder
// holds hundreds of rows, not millions); nothing is written or kept.
import { useEffect, useState } from 'react';
import { List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVaultSession } from '../../vault/current-bidder';
import { KIND_NAMES, maskIdNumber, type Kind } from '../../vault/model';
import { labelOf } from '../../vault/backup';
import { isSignatureAttachment } from '../../vault/signatures';

interface Hit {
  kind: Kind | 'company';
  id: string;
  label: string;
  snippet: string;
}

function texts(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) v.forEach((x) => texts(x, out));
  else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => k !== 'derBase64' && k !== 'sm3' && k !== 'signatureIds' && texts(x, out));
  return out;
}

export function SearchResults({ bidderId, query, onOpen }: { bidderId: string; query: string; onOpen: (tab: string) => void }) {
  const { t } = useTranslation();
  const { vault, revision } = useVaultSession();
  const [hits, setHits] = useState<Hit[] | null>(null);

  useEffect(() => {
    let live = true;
    const q = query.trim().toLowerCase();
    void (async () => {
      const found: Hit[] = [];
      const match = (kind: Hit['kind'], id: string, value: unknown, label: string) => {
        const s = texts(value).find((x) => x.toLowerCase().includes(q));
        if (s !== undefined) found.push({ kind, id, label, snippet: (value as { idNumber?: string }).idNumber === s ? maskIdNumber(s) : s });
      };
      const b = await vault.getBidder(bidderId);
      if (b.value) match('company', bidderId, b.value, b.value.name);
      for (const kind of KIND_NAMES) {
        // a handwritten signature is shown on its person, not among the scans
        for (const e of await vault.list(kind, bidderId)) if (e.value && !(kind === 'attachments' && isSignatureAttachment(e as Parameters<typeof isSignatureAttachment>[0]))) match(kind, e.id, e.value, labelOf(kind, e.value));
      }
      if (live) setHits(found);
    })();
    return () => {
      live = false;
    };
  }, [vault, bidderId, query, revision]);

  return (
    <List
      data-testid="vault-search-results"
      header={<Typography.Text strong>{t('vault.search.results')}</Typography.Text>}
      loading={hits === null}
      locale={{ emptyText: t('vault.search.none') }}
      dataSource={hits ?? []}
      renderItem={(h) => (
        <List.Item onClick={() => onOpen(h.kind)} style={{ cursor: 'pointer' }} data-testid="vault-search-hit">
          <List.Item.Meta title={<><Tag>{t(`vault.tabs.${h.kind}` as 'vault.tabs.company')}</Tag>{h.label}</>} description={h.snippet} />
        </List.Item>
      )}
    />
  );
}
