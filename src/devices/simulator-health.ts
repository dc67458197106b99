import { createCameraSimulator } from './camera-simulator.ts';
import { createChangeTerminalSimulator } from './change-terminal-simulator.ts';
import { createFingerprintSimulator } from './fingerprint-simulator.ts';
import { createPhotoCodeSimulator } from './photo-code-simulator.ts';
import type { Camera, ChangeTerminal, DeviceHealth, FingerprintSensor, HealthCheck, PhotoCodeProvider } from './types.ts';

/*
 * The simulators of these device classes have no state a health check could look at (no paper,
 * no link); for the device page they answer "simulator, ready" beside the port's own methods.
 */

function simulatorHealth(device: string, now: () => Date, de: string, en: string): () => Promise<DeviceHealth> {
  return () => Promise.resolve({
    device, driver: 'simulator', ok: true,
    detail: `${de} bereit (Simulator, keine echte Hardware)`, detailEn: `${en} ready (simulator, no real hardware)`,
    checkedAt: now().toISOString(),
  });
}

export function simulatedCamera(now: () => Date = () => new Date()): Camera & HealthCheck {
  const simulator = createCameraSimulator();
  return { capturePhoto: () => simulator.capturePhoto(), health: simulatorHealth('camera', now, 'Kamera', 'Camera') };
}

export function simulatedPhotoCodes(now: () => Date = () => new Date()): PhotoCodeProvider & HealthCheck {
  const simulator = createPhotoCodeSimulator();
  return { fetchPhoto: (code) => simulator.fetchPhoto(code), health: simulatorHealth('photoCodes', now, 'Fotocode-Abruf', 'Photo code retrieval') };
}

export function simulatedFingerprints(now: () => Date = () => new Date()): FingerprintSensor & HealthCheck {
  const simulator = createFingerprintSimulator();
  return { capture: (finger) => simulator.capture(finger), health: simulatorHealth('fingerprints', now, 'Fingerabdruckscanner', 'Fingerprint scanner') };
}

export function simulatedChangeTerminal(now: () => Date = () => new Date()): ChangeTerminal & HealthCheck {
  const simulator = createChangeTerminalSimulator();
  return {
    changeAddress: (request) => simulator.changeAddress(request),
    resetPin: (request) => simulator.resetPin(request),
    activateEid: (request) => simulator.activateEid(request),
    changePin: (request) => simulator.changePin(request),
    health: simulatorHealth('changeTerminal', now, 'Änderungsterminal', 'Change terminal'),
  };
}
