import type { KitDevice } from '../../planning/schema.ts';
import { addYears, fromDay, toDay } from './dates.ts';

export interface KitSpec {
  name: string;
  status: 'active' | 'maintenance' | 'retired';
  commissionedOn: string;
  devices: KitDevice[];
}

/**
 * The two Bürgerkoffer of the demo city. Models are typical of mobile citizen-office kits;
 * serial numbers are invented. Kit 2's change terminal certificate runs out within weeks, so
 * the demo shows the warning the dispatcher should see before planning it.
 */
export function demoKits(today: string): KitSpec[] {
  const day = toDay(today);
  const inDays = (days: number) => fromDay(day + days);
  return [
    {
      name: 'Koffer 1',
      status: 'active',
      commissionedOn: addYears(today, -2),
      devices: [
        { kind: 'printer', model: 'Brother PJ-863 (A4 mobile thermal)', serialNumber: 'E78123K4N512001', nextMaintenance: inDays(120) },
        { kind: 'scanner', model: 'Fujitsu ScanSnap iX100', serialNumber: 'A4PCA21017', nextMaintenance: inDays(200) },
        { kind: 'fingerprint_sensor', model: 'Dermalog LF10', serialNumber: 'LF10-2231-0457' },
        { kind: 'camera', model: 'Speed Capture Station mobil', serialNumber: 'SCS-M-00872' },
        { kind: 'change_terminal', model: 'REINER SCT cyberJack RFID komfort (Änderungsterminal)', serialNumber: 'CJK-4411207', certificateValidUntil: inDays(410) },
        { kind: 'payment_terminal', model: 'CCV Mobile A920 (ZVT)', serialNumber: 'A920-55120087' },
      ],
    },
    {
      name: 'Koffer 2',
      status: 'active',
      commissionedOn: addYears(today, -1),
      devices: [
        { kind: 'printer', model: 'Brother PJ-863 (A4 mobile thermal)', serialNumber: 'E78123K4N512044', nextMaintenance: inDays(35) },
        { kind: 'scanner', model: 'Fujitsu ScanSnap iX100', serialNumber: 'A4PCA21388', nextMaintenance: inDays(260) },
        { kind: 'fingerprint_sensor', model: 'Dermalog LF10', serialNumber: 'LF10-2231-0981' },
        { kind: 'camera', model: 'Speed Capture Station mobil', serialNumber: 'SCS-M-01105' },
        { kind: 'change_terminal', model: 'REINER SCT cyberJack RFID komfort (Änderungsterminal)', serialNumber: 'CJK-4411562', certificateValidUntil: inDays(24) },
        { kind: 'payment_terminal', model: 'Ingenico Move/5000 (ZVT)', serialNumber: 'M5K-19033417' },
      ],
    },
  ];
}
