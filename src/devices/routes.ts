import type { AreaRoutes } from '../platform/http/types.ts';
import { errorBody, principalOf } from '../platform/http/route-helpers.ts';
import { checkDevices } from './check-device-health.ts';
import { deviceHealthReportSchema } from './device-health.types.ts';

/** The device page: is every device there and working before the officers leave? */
export const deviceRoutes: AreaRoutes = async (app, ctx) => {
  app.get('/api/devices/health', {
    config: { access: 'devices.check' },
    schema: {
      tags: ['devices'],
      summary: 'Health of every device: camera, photo codes, fingerprints, change terminal, scanner, printer, card terminal',
      description: 'Asks all devices at once, each with a time limit of 5 s: a device that does not answer is reported as failed ' +
        '(answered false) and does not hold up the others. No side effects: nothing is printed, scanned, captured or charged.',
      response: { 200: deviceHealthReportSchema, 401: errorBody, 403: errorBody },
    },
  }, async (request) => checkDevices(ctx, principalOf(request)));
};
