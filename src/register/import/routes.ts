import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import type { App } from '../../platform/http/types.ts';
import { importJsonLines } from './import-json-lines.ts';
import { errorBody, principalOf } from '../../platform/http/route-helpers.ts';

/** Larger files belong on the command line (`buergerkoffer register import`), which streams them. */
const maxImportBytes = 50 * 1024 * 1024;

export const importReportSchema = z.object({
  lines: z.number().int().describe('Lines read, blank ones included'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({
    line: z.number().int().describe('1-based line number'),
    ref: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  })),
  dryRun: z.boolean(),
});

export async function registerImportRoutes(app: App, ctx: AppContext): Promise<void> {
  app.post('/api/register/import', {
    config: { access: 'register.import' },
    bodyLimit: maxImportBytes,
    schema: {
      tags: ['register'],
      summary: 'Import residents from a JSON Lines file',
      description: 'The file travels as the string `content` of a JSON body (one person record per line, see docs/register-import.md). ' +
        'Good lines are imported, bad ones reported with line number and reasons; importing the same file again changes nothing. ' +
        'With dryRun everything is checked and then rolled back. Up to 50 MB; larger files go through the command line.',
      body: z.object({
        content: z.string().describe('The JSON Lines text'),
        dryRun: z.boolean().default(false),
        purpose: z.string().max(200).optional().describe('Reason or Aktenzeichen, recorded in the access log'),
      }),
      response: { 200: importReportSchema, 400: errorBody, 401: errorBody, 403: errorBody },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const { content, dryRun, purpose } = request.body;
    return importJsonLines(ctx, principal, principal.municipalityId, Readable.from([content]), { dryRun, ...(purpose ? { purpose } : {}) });
  });
}
