export { abmeldungWorkflow } from './abmeldung.ts';
export { anmeldungWorkflow, ummeldungWorkflow } from './move-in.ts';
