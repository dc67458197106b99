import type { ServiceId } from '../../catalogue/services.ts';
import type { Workflow } from '../workflow.ts';

/**
 * The workflow of every service. Each workflow module exports one constant; add it here.
 */
export const workflows: Partial<Record<ServiceId, Workflow>> = {
};

export function workflowOf(serviceId: ServiceId): Workflow | undefined {
  return workflows[serviceId];
}
