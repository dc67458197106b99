export { eidAddressChangeWorkflow, addressChangeDataSchema, type AddressChangeData } from './address-change.ts';
export { eidActivationWorkflow, eidPinResetWorkflow, holderServiceDataSchema, eidMinimumAge, type HolderServiceData } from './holder-services.ts';
export { wohnortIdOf } from './common.ts';
