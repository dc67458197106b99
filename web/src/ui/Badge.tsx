import type { ReactNode } from 'react';

export function Badge({ variant, icon, children }: { variant: 'info' | 'success' | 'warning' | 'danger'; icon?: string; children: ReactNode }) {
  return (
    <span className={`kern-badge kern-badge--${variant}`}>
      {icon && <span className={`kern-icon kern-icon--${icon}`} aria-hidden="true" />}
      <span className="kern-label">{children}</span>
    </span>
  );
}
