/**
 * The kinds of register data an access-log entry names (BMG § 40: which data was disclosed or
 * changed). One vocabulary for the writer, the import and the person view.
 */
export const registerDataCategories = [
  'names',
  'birth',
  'sex',
  'nationalities',
  'religion',
  'marital_status',
  'death',
  'addresses',
  'documents',
  'blocks',
  'relations',
] as const;

export type RegisterDataCategory = (typeof registerDataCategories)[number];
