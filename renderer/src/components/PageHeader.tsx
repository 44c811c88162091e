// Runs in the renderer. The title block at the top of every section.
import type { ReactNode } from 'react';
import { Typography } from 'antd';

export function PageHeader({ icon, title, subtitle, extra }: { icon?: ReactNode; title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="bs-page-header">
      <div className="bs-page-header-main">
        <Typography.Title level={1} className="bs-page-title">
          {icon && <span className="bs-page-title-icon" aria-hidden="true">{icon}</span>}
          {title}
        </Typography.Title>
        {subtitle && <Typography.Paragraph className="bs-page-subtitle">{subtitle}</Typography.Paragraph>}
      </div>
      {extra && <div className="bs-page-header-extra">{extra}</div>}
    </div>
  );
}
