// Runs in the renderer. Time left to a project's bid deadline and opening, ticking each 30 s, on the project
// page and in the window title (visible in the task bar while the bidder works in another window).
import { useEffect, useState } from 'react';
import { Space, Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "2 天 3 小时 15 分" / "2 d 3 h 15 min"; undefined once the time has passed. */
export function timeLeft(t: TFunction, ms: number): string | undefined {
  if (ms <= 0) return undefined;
  const min = Math.floor(ms / 60_000);
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return [d ? t('projects.countdown.days', { n: d }) : '', d || h ? t('projects.countdown.hours', { n: h }) : '', t('projects.countdown.minutes', { n: m })].filter(Boolean).join(' ');
}

export function Countdown({ title, deadline, opening }: { title: string; deadline: string; opening: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const toDeadline = timeLeft(t, Date.parse(deadline) - now);
  const toOpening = timeLeft(t, Date.parse(opening) - now);
  const hoursToDeadline = (Date.parse(deadline) - now) / 3_600_000;

  const label = toDeadline ? t('projects.countdown.titleDeadline', { left: toDeadline }) : toOpening ? t('projects.countdown.titleOpening', { left: toOpening }) : undefined;
  useEffect(() => {
    // after the layout's own title (its effect runs after this page's on mount)
    let base: string | undefined;
    const id = setTimeout(() => {
      base = document.title.replace(/^.* · (?=[^·]*$)/, '');
      if (label) document.title = `${title} · ${label} · ${base}`;
    }, 0);
    return () => {
      clearTimeout(id);
      if (base !== undefined && label) document.title = `${t('nav.projects')} · ${base}`;
    };
  }, [title, label, t]);

  return (
    <Space size={8} wrap data-testid="project-countdown">
      <Tag icon={<ClockCircleOutlined />} color={!toDeadline ? 'default' : hoursToDeadline < 24 ? 'red' : hoursToDeadline < 72 ? 'orange' : 'blue'} data-testid="countdown-deadline">
        {toDeadline ? t('projects.countdown.deadline', { left: toDeadline }) : t('projects.countdown.deadlinePassed')}
      </Tag>
      <Tag icon={<ClockCircleOutlined />} color={toOpening ? 'purple' : 'default'} data-testid="countdown-opening">
        {toOpening ? t('projects.countdown.opening', { left: toOpening }) : t('projects.countdown.openingPassed')}
      </Tag>
    </Space>
  );
}
