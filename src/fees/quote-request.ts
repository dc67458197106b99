/**
 * The quote request as the CLI and the API take it (flat options, strings from the command line
 * or the query string), turned into the engine's FeeQuoteInput. One mapping for both, so
 * `buergerkoffer fees quote` and GET /api/fees/quote price exactly alike.
 */
import { AppError } from '../platform/errors.ts';
import type { FeeQuoteInput, FeeWaiver } from './types.ts';

export const waiverNames = ['beduerftigkeit', 'pension', 'pension_or_social_purpose'] as const;
export type WaiverName = (typeof waiverNames)[number];

export interface QuoteRequest {
  service: string;
  birthDate?: string | undefined;
  /** YYYY-MM-DD; the caller fills in today (Europe/Berlin) when absent. */
  on: string;
  photoByAuthority?: boolean | undefined;
  postalDelivery?: boolean | undefined;
  outsideOfficeHours?: boolean | undefined;
  notCompetent?: boolean | undefined;
  passport48Pages?: boolean | undefined;
  express?: boolean | undefined;
  extended?: boolean | undefined;
  /** Numbers, or the text typed (the engine then says what is allowed). */
  pages?: number | string | undefined;
  signatures?: number | string | undefined;
  waiver?: string | undefined;
  reason?: string | undefined;
}

function count(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  // Leave anything but digits as it is: quoteFee rejects it naming the field and the allowed range.
  return /^\s*\d+\s*$/.test(value) ? Number(value) : (value as unknown as number);
}

function waiverOf(name: string | undefined, reason: string | undefined): FeeWaiver | undefined {
  if (name === undefined) {
    if (reason !== undefined) {
      const text = {
        de: 'Eine Begründung ohne Gebührenerlass: Geben Sie den Erlass an (beduerftigkeit oder pension) oder lassen Sie die Begründung weg.',
        en: 'A reason without a waiver: name the waiver (beduerftigkeit or pension) or leave the reason out.',
      };
      throw new AppError('FEE_INPUT_INVALID', text.en, 400, { field: 'reason', text });
    }
    return undefined;
  }
  if (name === 'beduerftigkeit') return { kind: 'beduerftigkeit', reason: reason ?? '' };
  if (name === 'pension' || name === 'pension_or_social_purpose') return { kind: 'pension_or_social_purpose', reason: reason ?? '' };
  const text = {
    de: `Unbekannter Gebührenerlass "${name}"; möglich sind beduerftigkeit und pension.`,
    en: `Unknown waiver "${name}"; possible are beduerftigkeit and pension.`,
  };
  throw new AppError('FEE_INPUT_INVALID', text.en, 400, { field: 'waiver', allowed: 'beduerftigkeit | pension', text });
}

export function quoteInputFrom(request: QuoteRequest): FeeQuoteInput {
  const waiver = waiverOf(request.waiver, request.reason);
  const pages = count(request.pages);
  const signatures = count(request.signatures);
  return {
    serviceId: request.service as FeeQuoteInput['serviceId'],
    applicationDate: request.on,
    birthDate: request.birthDate ?? null,
    ...(request.photoByAuthority ? { photoByAuthority: true } : {}),
    ...(request.postalDelivery ? { postalDelivery: true } : {}),
    ...(request.outsideOfficeHours ? { outsideOfficeHours: true } : {}),
    ...(request.notCompetent ? { notCompetent: true } : {}),
    ...(request.passport48Pages ? { passport48Pages: true } : {}),
    ...(request.express ? { express: true } : {}),
    ...(request.extended ? { extended: true } : {}),
    ...(pages !== undefined ? { pages } : {}),
    ...(signatures !== undefined ? { signatures } : {}),
    ...(waiver ? { waiver } : {}),
  };
}
