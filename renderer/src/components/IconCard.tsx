// Runs in the renderer. A card (or any title) headed by an icon in the brand colour and a title, with an
// optional lead paragraph under the head: the look of the certificate and platform panels, in one place.
import { cloneElement, type ReactElement, type ReactNode } from 'react';
import { Card, Space, Typography, type CardProps } from 'antd';
import './icon-card.css';

/** The icon (given without a className) and the title, spaced as card titles are. */
export function IconTitle({ icon, children }: { icon: ReactElement<{ className?: string }>; children: ReactNode }) {
  return (
    <Space size={8}>
      {cloneElement(icon, { className: 'bs-card-title-icon' })}
      {children}
    </Space>
  );
}

type IconCardProps = Omit<CardProps, 'title' | 'className'> & {
  icon: ReactElement<{ className?: string }>;
  title: ReactNode;
  /** the card's one-line explanation, in secondary text above its content */
  lead?: ReactNode;
  /** 'fill' stretches the card to its grid cell; 'table' lets a table run to the card's edges */
  layout?: 'fill' | 'table';
  'data-testid'?: string;
};

export function IconCard({ icon, title, lead, layout, children, ...card }: IconCardProps) {
  return (
    <Card {...card} className={layout ? `bs-card bs-card-${layout}` : 'bs-card'} title={<IconTitle icon={icon}>{title}</IconTitle>}>
      {lead !== undefined && <Typography.Paragraph type="secondary" className="bs-card-lead">{lead}</Typography.Paragraph>}
      {children}
    </Card>
  );
}
