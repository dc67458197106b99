export {
  idDocumentWorkflow, personalausweisWorkflow, reisepassWorkflow, vorlaeufigerPersonalausweisWorkflow, vorlaeufigerReisepassWorkflow,
} from './workflows.ts';
export { idDocumentKinds, isIdDocumentService, type IdDocumentService } from './rules.ts';
