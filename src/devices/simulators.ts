import { createPaymentTerminalSimulator } from './payment.ts';
import { createPrinterSimulator } from './printer-simulator.ts';
import { scannerFromUrl } from './scanner-from-url.ts';
import { simulatedCamera, simulatedChangeTerminal, simulatedFingerprints, simulatedPhotoCodes } from './simulator-health.ts';
import type { DevicePorts } from './types.ts';

/**
 * Every device port backed by its simulator: what the Rathaus uses until the kit plugs in real
 * drivers (AppContext.devices), and what tests run device actions against.
 */
export function createSimulatedDevicePorts(): DevicePorts {
  return {
    // With a health() each, for the device page (simulator-health.ts).
    camera: simulatedCamera(),
    photoCodes: simulatedPhotoCodes(),
    fingerprints: simulatedFingerprints(),
    changeTerminal: simulatedChangeTerminal(),
    scanner: scannerFromUrl('simulator'),
    printer: createPrinterSimulator(),
    payment: createPaymentTerminalSimulator(),
  };
}
