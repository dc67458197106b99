import type { CaseState } from '../../api/cases.ts';

/** How a case state looks in lists and headers: open work is info, review a warning, the end success. */
export function stateBadge(state: CaseState): 'info' | 'success' | 'warning' | 'danger' {
  switch (state) {
    case 'needs_review': return 'warning';
    case 'cancelled': return 'danger';
    case 'handed_over': case 'closed': case 'transmitted': case 'completed': return 'success';
    default: return 'info';
  }
}
