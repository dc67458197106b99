import { permissions, roles } from '../api/auth.ts';

/**
 * The codes the register and the server speak, each with a label in every language
 * (web/src/i18n/*.json under codes.<category>.<code>). Unknown codes are shown as they are,
 * so a new code on the server never blanks a field.
 */
export const codeLists = {
  sex: ['m', 'w', 'd', 'x'],
  /** DSMeld Familienstand. */
  maritalStatus: ['LD', 'VH', 'VW', 'GS', 'EA', 'LP', 'LA', 'LV', 'LE', 'NB'],
  /** Öffentlich-rechtliche Religionsgesellschaften (DSMeld short codes). */
  religion: ['rk', 'ev', 'ak', 'lt', 'rf', 'fr', 'is', 'jd', 'vd'],
  residenceKind: ['haupt', 'neben'],
  documentKind: ['personalausweis', 'reisepass', 'vorlaeufiger_personalausweis', 'vorlaeufiger_reisepass', 'kinderreisepass'],
  documentStatus: ['valid', 'lost', 'stolen', 'invalidated', 'handed_over_old'],
  blockKind: ['auskunftssperre', 'bedingter_sperrvermerk', 'uebermittlungssperre'],
  /** Which transfer an Übermittlungssperre blocks. */
  blockScope: ['bmg_36_2', 'bmg_42_3', 'bmg_50_1', 'bmg_50_2', 'bmg_50_3'],
  relationKind: ['spouse', 'child', 'parent', 'legal_representative', 'betreuer'],
  role: [...roles, 'system'],
  permission: permissions,
  auditAction: [
    'register.search', 'register.search.blocked_hit', 'register.person.read', 'register.person.read_blocked',
    'register.person.create', 'register.person.update', 'register.import', 'audit.read', 'audit.retention',
  ],
  /** src/register/persons/data-categories.ts, plus the access log itself. */
  dataCategory: [
    'names', 'birth', 'sex', 'nationalities', 'religion', 'marital_status', 'death', 'addresses', 'documents', 'blocks', 'relations', 'access_log',
  ],
  /** Keys of an access-log entry's details, as the writers in src/register and src/audit set them. */
  auditDetail: [
    'name', 'birthDate', 'address', 'blockKinds', 'blocked', 'refused', 'relatedPersonIds', 'filter', 'page', 'pageSize', 'total',
    'cutoff', 'deleted', 'fromSeq', 'toSeq', 'oldestAt', 'newestAt', 'created', 'updated', 'unchanged',
  ],
} as const satisfies Record<string, readonly string[]>;

export type CodeCategory = keyof typeof codeLists;

/** i18next reads dots as nesting, so dotted codes (register.search) become register_search. */
export function codeKey(category: CodeCategory, code: string): string {
  return `codes.${category}.${code.replaceAll('.', '_')}`;
}

export interface Translator {
  t: (key: string) => string;
  exists: (key: string) => boolean;
}

export function codeLabel(i18n: Translator, category: CodeCategory, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const key = codeKey(category, code);
  return i18n.exists(key) ? i18n.t(key) : code;
}

/** ISO 3166-1 alpha-2 → "Deutschland" / "Germany"; the code itself where the browser knows no name. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'code' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
