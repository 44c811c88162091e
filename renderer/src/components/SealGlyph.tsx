// Runs in the renderer. Small SVG pictograms of the three seal types (decorative).
export type SealKind = 'company' | 'legalRep' | 'paging';

export function SealGlyph({ kind, size = 40 }: { kind: SealKind; size?: number }) {
  const red = '#c8322b';
  return (
    <svg width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false" className="bs-seal-glyph">
      {kind === 'company' && (
        <>
          <circle cx="20" cy="20" r="17" fill="none" stroke={red} strokeWidth="2.4" />
          <circle cx="20" cy="20" r="13.5" fill="none" stroke={red} strokeWidth="0.8" />
          <path d="M20 11.5l2.4 5.2 5.6.5-4.3 3.7 1.3 5.5L20 23.5l-5 2.9 1.3-5.5-4.3-3.7 5.6-.5z" fill={red} />
        </>
      )}
      {kind === 'legalRep' && (
        <>
          <rect x="6" y="6" width="28" height="28" rx="2" fill="none" stroke={red} strokeWidth="2.4" />
          <rect x="10" y="10" width="20" height="20" rx="1" fill={red} opacity="0.14" />
          <path d="M14 15h12M14 20h12M14 25h12M20 12v16" stroke={red} strokeWidth="2" strokeLinecap="round" />
        </>
      )}
      {kind === 'paging' && (
        <>
          <rect x="3" y="5" width="15" height="30" rx="1.5" fill="#fff" stroke="#9aa6b8" strokeWidth="1.2" />
          <rect x="22" y="5" width="15" height="30" rx="1.5" fill="#fff" stroke="#9aa6b8" strokeWidth="1.2" />
          <path d="M18 12.5a7.5 7.5 0 0 0 0 15" fill="none" stroke={red} strokeWidth="2.4" />
          <path d="M22 12.5a7.5 7.5 0 0 1 0 15" fill="none" stroke={red} strokeWidth="2.4" />
        </>
      )}
    </svg>
  );
}
