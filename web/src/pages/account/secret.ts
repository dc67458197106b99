/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": groups of four are easier to type into a phone by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
