import type { DeviceCheck, DeviceStatus } from '../../api/devices.ts';

/** How a status looks: the badge colour, an icon and a word, so it never rests on colour alone. */
export function statusLook(status: DeviceStatus): { variant: 'success' | 'warning' | 'danger'; icon: 'check' | 'warning' | 'danger' } {
  switch (status) {
    case 'ok': return { variant: 'success', icon: 'check' };
    case 'warning': return { variant: 'warning', icon: 'warning' };
    case 'failed': return { variant: 'danger', icon: 'danger' };
  }
}

/** The server's texts in the page's language: German for German (and Leichte Sprache), English otherwise. */
export function textsIn(check: DeviceCheck, language: string): { detail: string; advice: string | null } {
  const german = language === 'de' || language.startsWith('de-');
  return german ? { detail: check.detail, advice: check.advice } : { detail: check.detailEn, advice: check.adviceEn };
}

export function countsOf(devices: readonly DeviceCheck[]): Record<DeviceStatus, number> {
  const counts: Record<DeviceStatus, number> = { ok: 0, warning: 0, failed: 0 };
  for (const device of devices) counts[device.status] += 1;
  return counts;
}
