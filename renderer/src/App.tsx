// Runs in the renderer. Providers: error boundary, antd theme and locale with dayjs's (following the UI
// language), app info, the vault session and current bidder, router.
import { App as AntApp, ConfigProvider } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from './components/ErrorBoundary';
import { AppInfoProvider } from './hooks/appInfo';
import { CurrentBidderProvider } from './vault/current-bidder';
import { router } from './router';
import { theme } from './theme';

function Themed() {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const locale = zh ? zh_CN : en_US;
  // the date pickers' month and weekday names come from dayjs, not from antd's locale: both follow the UI
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <AntApp className="bs-app">
        <AppInfoProvider>
          <CurrentBidderProvider>
            <RouterProvider router={router} />
          </CurrentBidderProvider>
        </AppInfoProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <ErrorBoundary>
      <Themed />
    </ErrorBoundary>
  );
}
