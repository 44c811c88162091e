// Runs in the renderer. Entry point: global styles, i18n, then the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/antd.css'; // antd's component styles, prebuilt (theme.ts: zeroRuntime)
import './styles.css';
import '../i18n';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
