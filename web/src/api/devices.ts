import type { ApiClient } from './client.ts';

/** The device check (server: src/devices/routes.ts, src/devices/device-status.ts). */
export const deviceClasses = ['camera', 'photoCodes', 'fingerprints', 'changeTerminal', 'scanner', 'printer', 'payment'] as const;
export type DeviceClass = (typeof deviceClasses)[number];
export type DeviceStatus = 'ok' | 'warning' | 'failed';

export interface DeviceCheck {
  device: DeviceClass;
  driver: string;
  status: DeviceStatus;
  answered: boolean;
  detail: string;
  detailEn: string;
  advice: string | null;
  adviceEn: string | null;
  checkedAt: string;
  durationMs: number;
}

export interface DeviceHealthReport {
  status: DeviceStatus;
  checkedAt: string;
  timeoutMs: number;
  devices: DeviceCheck[];
}

export const checkDevices = (api: ApiClient, signal?: AbortSignal) => api.get<DeviceHealthReport>('/api/devices/health', { signal });
