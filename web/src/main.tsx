import '@kern-ux/native/dist/kern.min.css';
import './styles/fonts.css';
import './styles/app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createQueryClient } from './app/query-client.ts';
import { createRouter } from './app/router.tsx';
import { SessionWatcher } from './app/session.tsx';
import { initI18n } from './i18n/index.ts';

await initI18n();

const queryClient = createQueryClient();
const router = createRouter();
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionWatcher />
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
