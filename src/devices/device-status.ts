import type { DeviceHealth, DevicePorts } from './types.ts';

/**
 * The device page's verdict per device, as rules without I/O: what the officers read before they
 * leave. ok: ready. warning: works, but look at it (toner low, a simulator where a device
 * belongs, a driver that cannot be checked). failed: will not work at the citizen's table.
 */
export type DeviceClass = keyof DevicePorts;
/** In the order the officer needs them at a visit. */
export const deviceClasses = ['camera', 'photoCodes', 'fingerprints', 'changeTerminal', 'scanner', 'printer', 'payment'] as const satisfies readonly DeviceClass[];

export type DeviceStatus = 'ok' | 'warning' | 'failed';
export const deviceStatuses = ['ok', 'warning', 'failed'] as const satisfies readonly DeviceStatus[];

/** How one check ended: the device answered, answered with an error, did not answer in time, or has no check. */
export type CheckOutcome =
  | { kind: 'answered'; health: DeviceHealth }
  | { kind: 'error'; detail: string; detailEn: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'unsupported' };

export interface DeviceCheck {
  device: DeviceClass;
  driver: string;
  status: DeviceStatus;
  /** False when the device did not answer within the time limit or raised an error. */
  answered: boolean;
  detail: string;
  detailEn: string;
  /** What to do about it; null when nothing needs doing. */
  advice: string | null;
  adviceEn: string | null;
  checkedAt: string;
  durationMs: number;
}

export interface StatusRules {
  /** A simulator answering where a real device belongs (production): warning instead of ok. */
  simulatorIsWarning: boolean;
}

/** IPP-style state reasons a driver reports beside ok (the printer's toner-low-warning …). */
function reasonsOf(health: DeviceHealth): string[] {
  if (!('stateReasons' in health)) return [];
  const reasons: unknown = health.stateReasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
}

export function statusOf(outcome: CheckOutcome, rules: StatusRules): DeviceStatus {
  switch (outcome.kind) {
    case 'error':
    case 'timeout':
      return 'failed';
    case 'unsupported':
      return 'warning';
    case 'answered': {
      const { health } = outcome;
      if (!health.ok) return 'failed';
      if (reasonsOf(health).some((reason) => reason !== 'none' && !reason.endsWith('-report'))) return 'warning';
      if (health.driver === 'simulator' && rules.simulatorIsWarning) return 'warning';
      return 'ok';
    }
  }
}

interface Texts { de: string; en: string }

const failedAdvice: Record<DeviceClass, Texts> = {
  camera: {
    de: 'Kamera anschließen und einschalten, dann erneut prüfen. Geht es nicht: Fotocode des Anbieters nutzen oder ein Lichtbild mitbringen lassen.',
    en: 'Connect and switch on the camera, then check again. If it still fails: use the provider\'s photo code or ask for a printed photo.',
  },
  photoCodes: {
    de: 'Mobilfunk- oder Internetverbindung des Koffers prüfen. Ohne Abruf vor Ort mit der Kamera fotografieren.',
    en: 'Check the kit\'s mobile or internet connection. Without retrieval, take the photo on site with the camera.',
  },
  fingerprints: {
    de: 'Fingerabdruckscanner per USB anschließen, Sensorfläche reinigen, erneut prüfen. Ohne Scanner keine Anträge auf Personalausweis oder Reisepass.',
    en: 'Connect the fingerprint scanner by USB, clean the sensor, check again. Without it no ID card or passport applications.',
  },
  changeTerminal: {
    de: 'Änderungsterminal anschließen und einschalten, Kartenleser und Zertifikat prüfen. Ohne Terminal keine Adressänderung auf dem Chip und keine PIN-Neusetzung.',
    en: 'Connect and switch on the change terminal, check its card reader and certificate. Without it no chip address change and no PIN reset.',
  },
  scanner: {
    de: 'Scanner einschalten, Verbindung (WLAN oder USB) prüfen und die Adresse in DEVICE_SCANNER vergleichen, dann erneut prüfen.',
    en: 'Switch on the scanner, check its connection (Wi-Fi or USB) and the address in DEVICE_SCANNER, then check again.',
  },
  printer: {
    de: 'Drucker einschalten, Papier einlegen, Verbindung (WLAN oder USB) prüfen und die Adresse in DEVICE_PRINTER vergleichen, dann erneut prüfen.',
    en: 'Switch on the printer, load paper, check its connection (Wi-Fi or USB) and the address in DEVICE_PRINTER, then check again.',
  },
  payment: {
    de: 'Kartenterminal einschalten und verbinden (Kassenschnittstelle/ECR an), Adresse in DEVICE_PAYMENT prüfen. Ohne Terminal nur Barzahlung.',
    en: 'Switch on and connect the card terminal (ECR interface on), check the address in DEVICE_PAYMENT. Without it cash only.',
  },
};

const settingOf: Partial<Record<DeviceClass, string>> = {
  printer: 'DEVICE_PRINTER', scanner: 'DEVICE_SCANNER', payment: 'DEVICE_PAYMENT', changeTerminal: 'DEVICE_CHANGE_TERMINAL',
};

/** What the officer should do about a device in this state; null when it is ready. */
export function adviceFor(device: DeviceClass, status: DeviceStatus, outcome: CheckOutcome): Texts | null {
  if (status === 'ok') return null;
  if (status === 'failed') return failedAdvice[device];
  if (outcome.kind === 'unsupported') {
    return { de: 'Dieser Treiber meldet keinen Zustand: das Gerät vor der Abfahrt einmal von Hand ausprobieren.', en: 'This driver reports no state: try the device once by hand before leaving.' };
  }
  if (outcome.kind === 'answered' && reasonsOf(outcome.health).some((reason) => reason !== 'none' && !reason.endsWith('-report'))) {
    return { de: 'Das Gerät arbeitet, meldet aber einen Hinweis: Verbrauchsmaterial (Toner, Papier) oder Ersatz mitnehmen.', en: 'The device works but reports a notice: take supplies (toner, paper) or a spare.' };
  }
  const setting = settingOf[device];
  return setting
    ? { de: `Hier antwortet ein Simulator, kein Gerät: die Adresse des Geräts in ${setting} eintragen und den Server neu starten.`, en: `A simulator answers here, not a device: set the device's address in ${setting} and restart the server.` }
    : { de: 'Hier antwortet ein Simulator: für den Einsatz den zertifizierten Treiber des Geräts einrichten.', en: 'A simulator answers here: set up the device\'s certified driver for field use.' };
}

/** The worst status, for the page's summary line. */
export function overallStatus(statuses: readonly DeviceStatus[]): DeviceStatus {
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('warning')) return 'warning';
  return 'ok';
}
