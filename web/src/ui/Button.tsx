import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'tertiary';
  icon?: string;
  /** Shows a busy state and blocks double submits while a request runs. */
  busy?: boolean;
  block?: boolean;
  children: ReactNode;
}

/** KERN button; the label sits in .kern-label as KERN expects. */
export function Button({ variant = 'primary', icon, busy = false, block = false, type = 'button', className, children, disabled, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={['kern-btn', `kern-btn--${variant}`, block && 'kern-btn--block', className].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {icon && <span className={`kern-icon kern-icon--${icon}`} aria-hidden="true" />}
      <span className="kern-label">{children}</span>
    </button>
  );
}
