/**
 * The service catalogue for the office UI and the planner: what each service is, whether it can
 * be run here (a workflow is installed), and the guided form of its workflow.
 */
import { z } from 'zod';
import type { FieldSpec } from '../cases/workflow.ts';
import { workflowOf } from '../cases/workflows/index.ts';
import { AppError } from '../platform/errors.ts';
import type { AreaRoutes } from '../platform/http/types.ts';
import { isServiceId, serviceIds, services } from './services.ts';
import { errorBody } from '../platform/http/route-helpers.ts';

const text = z.object({ de: z.string(), en: z.string() });
/** Every property of FieldSpec (src/cases/workflow.ts); add new ones here too, or the response drops them. */
const fieldSchema = z.object({
  name: z.string(),
  kind: z.string(),
  label: text,
  help: text.optional(),
  required: z.boolean().optional(),
  options: z.array(z.object({ value: z.string(), label: text })).optional(),
  action: z.string().optional(),
  visibleWhen: z.object({ field: z.string(), equals: z.array(z.union([z.string(), z.number(), z.boolean()])).optional() }).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
const stepSchema = z.object({ id: z.string(), title: text, fields: z.array(fieldSchema) });
/** Fails to compile when FieldSpec gains a property the response schema does not carry. */
type UncoveredFieldProperties = Exclude<keyof FieldSpec, keyof z.infer<typeof fieldSchema>>;
export const fieldSchemaCoversFieldSpec: [UncoveredFieldProperties] extends [never] ? true : UncoveredFieldProperties = true;

export const catalogueRoutes: AreaRoutes = async (app) => {
  app.get('/api/catalogue/services', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['catalogue'], summary: 'The services, and whether each can be run (a workflow is installed)',
      response: {
        200: z.object({
          services: z.array(z.object({
            id: z.string(), name: text, group: z.string(), leikaKey: z.string().nullable(), captureMinutes: z.number(),
            proxy: z.string(), evidence: z.array(text), available: z.boolean(),
          })),
        }),
        401: errorBody,
      },
    },
  }, async () => ({
    services: serviceIds.map((id) => ({ ...services[id], available: workflowOf(id) !== undefined })),
  }));

  app.get('/api/catalogue/services/:id/form', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['catalogue'], summary: 'The guided form of a service: steps, hand-over form, device actions',
      params: z.object({ id: z.string().max(64) }),
      response: {
        200: z.object({
          serviceId: z.string(), steps: z.array(stepSchema), handOver: z.array(stepSchema).nullable(),
          deviceActions: z.array(z.object({ name: z.string(), label: text })),
        }),
        401: errorBody, 404: errorBody,
      },
    },
  }, async (request) => {
    const id = request.params.id;
    if (!isServiceId(id)) throw new AppError('NOT_FOUND', `There is no service "${id}"; GET /api/catalogue/services lists them.`, 404);
    const workflow = workflowOf(id);
    if (!workflow) throw new AppError('SERVICE_NOT_AVAILABLE', `"${services[id].name.en}" has no workflow installed yet, so it has no form.`, 404);
    return {
      serviceId: id,
      steps: workflow.form,
      handOver: workflow.handOver?.form ?? null,
      deviceActions: Object.entries(workflow.deviceActions ?? {}).map(([name, action]) => ({ name, label: action.label })),
    };
  });
};
