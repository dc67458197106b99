/**
 * The municipal tariff of the demo city. DEMO VALUES: amounts of the kind NRW cities charge under
 * their Verwaltungsgebührensatzung, not Bochum's actual tariff — the legal basis printed on every
 * receipt says so. Stored as a version (not built in) so the demo shows a city's own tariff
 * winning over the built-in model tariff.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/database.ts';
import { addFeeTableVersion } from './fee-tables.ts';
import { feeTables } from './schema.ts';
import type { FeeTableLine } from './types.ts';

export const demoTariffValidFrom = '2025-01-01';

const basis = (tarifstelle: string) => `Verwaltungsgebührensatzung, Tarifstelle ${tarifstelle} (Demo-Werte, NRW-ähnlich)`;

export const demoMunicipalTariff: FeeTableLine[] = [
  // Free for pension and social purposes: the usual Satzung exemption for certificates a pension
  // or benefit office asks for.
  { code: 'meldebescheinigung.simple', label: 'Meldebescheinigung (einfach)', amountCents: 1000, legalBasis: basis('1.1'), pensionOrSocialPurposeFree: true },
  { code: 'meldebescheinigung.extended', label: 'Meldebescheinigung (erweitert, § 18 Abs. 2 BMG)', amountCents: 1500, legalBasis: basis('1.2'), pensionOrSocialPurposeFree: true },
  { code: 'lebensbescheinigung', label: 'Lebensbescheinigung', amountCents: 500, legalBasis: basis('1.3'), pensionOrSocialPurposeFree: true },
  // Beglaubigungen for social-benefit procedures are free by federal law (§ 64 Abs. 2 SGB X).
  { code: 'beglaubigung.page', label: 'Beglaubigung einer Kopie oder Abschrift, je Seite', amountCents: 500, legalBasis: `${basis('2.1')}; frei nach § 64 Abs. 2 SGB X`, pensionOrSocialPurposeFree: true },
  { code: 'beglaubigung.signature', label: 'Beglaubigung einer Unterschrift, je Unterschrift', amountCents: 1000, legalBasis: `${basis('2.2')}; frei nach § 64 Abs. 2 SGB X`, pensionOrSocialPurposeFree: true },
  { code: 'befreiung_ausweispflicht', label: 'Befreiung von der Ausweispflicht (gebührenfrei)', amountCents: 0, legalBasis: basis('3'), pensionOrSocialPurposeFree: false },
];

/** Stores the demo tariff once; a second seed run (or a city that stored its own later) leaves it alone. */
export async function ensureDemoFeeTariff(db: Db, municipalityId: string): Promise<boolean> {
  const [existing] = await db.select({ id: feeTables.id }).from(feeTables)
    .where(and(eq(feeTables.municipalityId, municipalityId), eq(feeTables.kind, 'municipal'))).limit(1);
  if (existing) return false;
  await addFeeTableVersion(db, {
    municipalityId, kind: 'municipal', validFrom: demoTariffValidFrom, lines: demoMunicipalTariff,
    actor: { id: null, name: 'demo-seed' },
  });
  return true;
}
