// Runs in the renderer. Hash routing: the Electron shell serves app://bidseal/ and the Node host
// http://127.0.0.1:PORT/, so only the fragment may carry the route.
import type { ComponentType } from 'react';
import { createHashRouter, Navigate, useRouteError } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { CrashScreen } from './components/ErrorBoundary';
import { DEFAULT_SECTION } from './sections';

/**
 * Each section is its own chunk, loaded when first visited: the first screen paints from the shell and the
 * projects list alone, not from every page's code (PDF viewer, seal designer, vault crypto…).
 */
const section = (load: () => Promise<{ default: ComponentType }>) => async () => ({ Component: (await load()).default });

// The first screen's section starts loading with the shell, in parallel with its first render, instead of
// after the redirect from "/" to it: one fetch-and-compile round less before the projects list paints.
const loadProjects = () => import('./sections/Projects');
if (/^#?\/?(projects)?$/.test(window.location.hash)) void loadProjects().catch(() => {}); // a failure shows when the route loads

function RouteError() {
  const error = useRouteError();
  console.error('BidSeal route error', error);
  return <CrashScreen error={error} />;
}

export const router = createHashRouter([
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to={`/${DEFAULT_SECTION}`} replace /> },
      { path: 'projects', lazy: section(loadProjects) },
      { path: 'projects/:projectId', lazy: section(() => import('./sections/projects/ProjectDetail')) },
      { path: 'documents', lazy: section(() => import('./sections/Documents')) },
      { path: 'seal', lazy: section(() => import('./sections/Seal')) },
      { path: 'upload', lazy: section(() => import('./sections/Upload')) },
      { path: 'vault', lazy: section(() => import('./sections/Vault')) },
      { path: 'certificates', lazy: section(() => import('./sections/Certificates')) },
      { path: 'platforms', lazy: section(() => import('./sections/Platforms')) },
      { path: 'settings', lazy: section(() => import('./sections/Settings')) },
      { path: '*', lazy: section(() => import('./sections/NotFound')) },
    ],
  },
]);
