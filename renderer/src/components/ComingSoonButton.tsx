// Runs in the renderer. A visible but disabled action for a feature that lands in a later release.
import type { ReactNode } from 'react';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function ComingSoonButton({ label, icon, type = 'default', testId }: { label: string; icon?: ReactNode; type?: 'primary' | 'default'; testId?: string }) {
  const { t } = useTranslation();
  const hint = t('common.comingSoonHint');
  // The wrapper keeps the control focusable so keyboard users get the tooltip too.
  return (
    <Tooltip title={hint}>
      <span className="bs-coming-soon" role="button" tabIndex={0} aria-disabled="true" aria-label={`${label} — ${hint}`} data-testid={testId}>
        <Button type={type} icon={icon} disabled>
          {label}
        </Button>
      </span>
    </Tooltip>
  );
}
