import { useEffect, useRef, type MouseEvent } from 'react';

export interface ErrorSummaryItem {
  key: string;
  text: string;
  /** The DOM id of the field to jump to; absent for errors of the whole form. */
  targetId?: string;
}

/**
 * The error summary at the top of a form (GOV.UK / KERN pattern): a focused alert listing every
 * problem, each a link to its field. `onSelect` lets the page bring the field on screen first
 * (another step of a stepper) before the focus moves there.
 */
export function ErrorSummary({ title, items, onSelect, focusKey }: {
  title: string;
  items: readonly ErrorSummaryItem[];
  onSelect?: (item: ErrorSummaryItem) => void;
  /** Changes when the summary should take the focus again (a new attempt). */
  focusKey?: string | number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusKey !== undefined) ref.current?.focus();
  }, [focusKey]);
  if (items.length === 0) return null;
  const jump = (item: ErrorSummaryItem) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (onSelect) onSelect(item);
    else if (item.targetId) document.getElementById(item.targetId)?.focus();
  };
  return (
    <div ref={ref} className="kern-alert kern-alert--danger bk-error-summary" role="alert" tabIndex={-1} aria-labelledby="bk-error-summary-title">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <h2 className="kern-title" id="bk-error-summary-title">{title}</h2>
      </div>
      <div className="kern-alert__body">
        <ul className="kern-list bk-error-summary__list">
          {items.map((item) => (
            <li key={item.key} className="kern-body">
              {item.targetId
                ? <a className="kern-link" href={`#${item.targetId}`} onClick={jump(item)}>{item.text}</a>
                : item.text}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
