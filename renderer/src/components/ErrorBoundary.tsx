// Runs in the renderer. Last-resort error screen. Bilingual on purpose and independent of i18next
// and of the router, because either may be what failed.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import zhCN from '../../i18n/zh-CN';
import enUS from '../../i18n/en-US';

interface State {
  error?: Error;
}

export function CrashScreen({ error, onReload }: { error?: unknown; onReload?: () => void }) {
  const zh = zhCN.errorBoundary;
  const en = enUS.errorBoundary;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : String(error);
  return (
    <main className="bs-crash" role="alert" data-testid="error-boundary">
      <div className="bs-crash-card">
        <svg className="bs-crash-icon" viewBox="0 0 48 48" aria-hidden="true">
          <circle cx="24" cy="24" r="22" fill="#fdf1f0" stroke="#c2352b" strokeWidth="2" />
          <path d="M24 13v14" stroke="#c2352b" strokeWidth="3.5" strokeLinecap="round" />
          <circle cx="24" cy="34" r="2.3" fill="#c2352b" />
        </svg>
        <h1 lang="zh-CN">{zh.title}</h1>
        <p lang="zh-CN">{zh.subtitle}</p>
        <h2 lang="en-US">{en.title}</h2>
        <p lang="en-US">{en.subtitle}</p>
        <button type="button" className="bs-crash-button" onClick={onReload ?? (() => window.location.reload())}>
          {zh.reload} / {en.reload}
        </button>
        {detail && (
          <details className="bs-crash-details">
            <summary>
              {zh.details} / {en.details}
            </summary>
            <pre>{detail}</pre>
          </details>
        )}
      </div>
    </main>
  );
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('BidSeal UI error', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <CrashScreen error={this.state.error} /> : this.props.children;
  }
}
