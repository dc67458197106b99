import type { ReactNode } from 'react';

export interface DescriptionItem {
  key: string;
  label: ReactNode;
  value: ReactNode;
}

/** KERN description list; empty values are left out rather than shown as blanks. */
export function DescriptionList({ items }: { items: DescriptionItem[] }) {
  const shown = items.filter((item) => item.value !== null && item.value !== undefined && item.value !== '' && item.value !== false);
  return (
    <dl className="kern-description-list">
      {shown.map((item) => (
        <div className="kern-description-list-item" key={item.key}>
          <dt className="kern-description-list-item__key">{item.label}</dt>
          <dd className="kern-description-list-item__value">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
