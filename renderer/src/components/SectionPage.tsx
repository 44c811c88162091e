// Runs in the renderer. The root of every section: a labelled <section> with the page title block.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SECTIONS, type SectionKey } from '../sections';
import { PageHeader } from './PageHeader';

export function SectionPage({ sectionKey, extra, children }: { sectionKey: SectionKey; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const def = SECTIONS.find((s) => s.key === sectionKey);
  const titleId = `section-${sectionKey}-title`;
  return (
    <section className="bs-section" data-testid={`section-${sectionKey}`} aria-labelledby={titleId}>
      <PageHeader icon={def?.icon} title={<span id={titleId}>{t(`${sectionKey}.title`)}</span>} subtitle={t(`${sectionKey}.subtitle`)} extra={extra} />
      {children}
    </section>
  );
}
