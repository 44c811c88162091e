// Runs in the renderer. An empty state that says what the section is for and what to do first.
import type { ReactNode } from 'react';
import { Empty, Typography } from 'antd';

export function EmptyState({ title, description, image, children, testId }: { title: string; description: ReactNode; image?: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <Empty
      className="bs-empty"
      data-testid={testId}
      image={image ?? Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div className="bs-empty-text">
          <Typography.Title level={2} className="bs-empty-title">
            {title}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="bs-empty-desc">
            {description}
          </Typography.Paragraph>
        </div>
      }
    >
      {children && <div className="bs-empty-actions">{children}</div>}
    </Empty>
  );
}
