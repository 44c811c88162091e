// Runs in the renderer. Hash routing: the Electron shell serves app://bidseal/ and the Node host
// http://127.0.0.1:PORT/, so only the fragment may carry the route.
import { createHashRouter, Navigate, useRouteError } from 'react-router';
import { AppLayout } from './layout/AppLayout';
import { CrashScreen } from './components/ErrorBoundary';
import Projects from './sections/Projects';
import ProjectDetail from './sections/projects/ProjectDetail';
import Documents from './sections/Documents';
import Seal from './sections/Seal';
import Upload from './sections/Upload';
import Vault from './sections/Vault';
import Certificates from './sections/Certificates';
import Platforms from './sections/Platforms';
import Settings from './sections/Settings';
import NotFound from './sections/NotFound';
import { DEFAULT_SECTION } from './sections';

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
      { path: 'projects', element: <Projects /> },
      { path: 'projects/:projectId', element: <ProjectDetail /> },
      { path: 'documents', element: <Documents /> },
      { path: 'seal', element: <Seal /> },
      { path: 'upload', element: <Upload /> },
      { path: 'vault', element: <Vault /> },
      { path: 'certificates', element: <Certificates /> },
      { path: 'platforms', element: <Platforms /> },
      { path: 'settings', element: <Settings /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
