// Runs in the renderer. The antd theme: a restrained deep-blue brand colour, a Chinese system font
// stack, a navy side navigation.
import type { ThemeConfig } from 'antd';

export const BRAND = '#1d4f91';
export const SIDER_BG = '#0f1d33';

export const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Hiragino Sans GB", "Helvetica Neue", Arial, sans-serif';

export const theme: ThemeConfig = {
  // antd's component styles come from its prebuilt stylesheet (imported in main.tsx), not generated in the
  // page at first render: that generation was a fifth of the first screen's time (npm run bench:
  // ui-first-screen). The tokens below still apply, as CSS variables.
  zeroRuntime: true,
  token: {
    colorPrimary: BRAND,
    colorLink: BRAND,
    borderRadius: 6,
    fontFamily: FONT_FAMILY,
    colorBgLayout: '#f3f5f8',
  },
  components: {
    Layout: { siderBg: SIDER_BG, headerBg: '#ffffff', bodyBg: '#f3f5f8', headerHeight: 56, headerPadding: '0 20px', triggerBg: '#0b1628' },
    Menu: {
      darkItemBg: SIDER_BG,
      darkSubMenuItemBg: SIDER_BG,
      darkItemSelectedBg: BRAND,
      darkItemColor: 'rgba(255,255,255,0.72)',
      darkGroupTitleColor: 'rgba(255,255,255,0.38)',
      itemHeight: 42,
      groupTitleFontSize: 12,
    },
    Card: { headerFontSize: 15 },
    Descriptions: { labelBg: '#f7f9fc' },
    Table: { headerBg: '#f7f9fc' },
  },
};
