import type { ServiceId } from '../../catalogue/services.ts';
import type { Workflow } from '../workflow.ts';
import { eidActivationWorkflow, eidAddressChangeWorkflow, eidPinResetWorkflow } from './eid-terminal/index.ts';
import { beglaubigungKopie, beglaubigungUnterschrift, lebensbescheinigung, meldebescheinigung } from './certificates/index.ts';
import { fuehrungszeugnisWorkflow } from './fuehrungszeugnis/index.ts';
import { befreiungWorkflow } from './befreiung/index.ts';
import { abmeldungWorkflow, anmeldungWorkflow, ummeldungWorkflow } from './residence/index.ts';
import { personalausweisWorkflow, reisepassWorkflow, vorlaeufigerPersonalausweisWorkflow, vorlaeufigerReisepassWorkflow } from './id-documents/index.ts';

/**
 * The workflow of every service. Each workflow module exports one constant; add it here.
 */
export const workflows: Partial<Record<ServiceId, Workflow>> = {
  personalausweis: personalausweisWorkflow,
  vorlaeufiger_personalausweis: vorlaeufigerPersonalausweisWorkflow,
  reisepass: reisepassWorkflow,
  vorlaeufiger_reisepass: vorlaeufigerReisepassWorkflow,
  fuehrungszeugnis: fuehrungszeugnisWorkflow,
  befreiung_ausweispflicht: befreiungWorkflow,
  eid_address_change: eidAddressChangeWorkflow,
  eid_pin_reset: eidPinResetWorkflow,
  eid_activation: eidActivationWorkflow,
  beglaubigung_kopie: beglaubigungKopie,
  beglaubigung_unterschrift: beglaubigungUnterschrift,
  meldebescheinigung,
  lebensbescheinigung,
  anmeldung: anmeldungWorkflow,
  ummeldung: ummeldungWorkflow,
  abmeldung: abmeldungWorkflow,
};

export function workflowOf(serviceId: ServiceId): Workflow | undefined {
  return workflows[serviceId];
}
