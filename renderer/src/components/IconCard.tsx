// Runs in the renderer. A card (or any title) headed by an icon in the brand colour and a title: the
// look of the certificate and platform panels, in one place.
import { cloneElement, type ReactElement, type ReactNode } from 'react';
import { Card, Space, type CardProps } from 'antd';
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

export function IconCard({ icon, title, ...card }: Omit<CardProps, 'title'> & { icon: ReactElement<{ className?: string }>; title: ReactNode; 'data-testid'?: string }) {
  return <Card {...card} title={<IconTitle icon={icon}>{title}</IconTitle>} />;
}
