/** The certificate workflows: Beglaubigungen (VwVfG §§ 33, 34), Meldebescheinigung (BMG § 18), Lebensbescheinigung. */
export { beglaubigungKopie } from './beglaubigung-kopie.ts';
export { beglaubigungUnterschrift } from './beglaubigung-unterschrift.ts';
export { meldebescheinigung } from './meldebescheinigung.ts';
export { lebensbescheinigung } from './lebensbescheinigung.ts';
