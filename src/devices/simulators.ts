import { createCameraSimulator } from './camera-simulator.ts';
import { createChangeTerminalSimulator } from './change-terminal-simulator.ts';
import { createFingerprintSimulator } from './fingerprint-simulator.ts';
import { createPaymentTerminalSimulator } from './payment.ts';
import { createPhotoCodeSimulator } from './photo-code-simulator.ts';
import { createPrinterSimulator } from './printer-simulator.ts';
import { createScannerSimulator } from './scanner-simulator.ts';
import type { DevicePorts } from './types.ts';

/**
 * Every device port backed by its simulator: what the Rathaus uses until the kit plugs in real
 * drivers (AppContext.devices), and what tests run device actions against.
 */
export function createSimulatedDevicePorts(): DevicePorts {
  return {
    camera: createCameraSimulator(),
    photoCodes: createPhotoCodeSimulator(),
    fingerprints: createFingerprintSimulator(),
    changeTerminal: createChangeTerminalSimulator(),
    scanner: createScannerSimulator(),
    printer: createPrinterSimulator(),
    payment: createPaymentTerminalSimulator(),
  };
}
