import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useKitStatus } from '../api/kit.ts';
import { Loader } from '../ui/Loader.tsx';

/** On a kit the start page is the day's tour (/koffer); at the Rathaus the usual start page. */
export function KitAwareStart({ children }: { children: ReactNode }) {
  const status = useKitStatus();
  if (status.isPending) return <Loader />;
  if (status.data) return <Navigate to="/koffer" replace />;
  return <>{children}</>;
}
