import { useEffect, useRef, type ReactNode } from 'react';

export type AlertVariant = 'info' | 'success' | 'warning' | 'danger';

export interface AlertProps {
  variant: AlertVariant;
  title: ReactNode;
  children?: ReactNode;
  /** role="alert" interrupts the screen reader; use it for errors and outcomes of an action. */
  role?: 'alert' | 'status' | 'region' | 'none';
  /** Move the keyboard focus here when shown, so the user lands on the message. */
  focusOnShow?: boolean;
  headingLevel?: 2 | 3 | 4;
  className?: string;
  id?: string;
}

/** KERN alert: an icon, a title and an optional body. */
export function Alert({ variant, title, children, role = 'none', focusOnShow = false, headingLevel, className, id }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnShow) ref.current?.focus();
  }, [focusOnShow, title]);
  const Title = headingLevel ? (`h${headingLevel}` as const) : 'span';
  return (
    <div
      ref={ref}
      id={id}
      className={['kern-alert', `kern-alert--${variant}`, className].filter(Boolean).join(' ')}
      role={role === 'none' ? undefined : role}
      tabIndex={focusOnShow ? -1 : undefined}
    >
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${variant}`} aria-hidden="true" />
        <Title className="kern-title">{title}</Title>
      </div>
      {children !== undefined && children !== null && children !== false && <div className="kern-alert__body">{children}</div>}
    </div>
  );
}
