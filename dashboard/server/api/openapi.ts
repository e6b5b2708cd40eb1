import { z } from 'zod';
import type { ApiRoute } from './api-route.ts';

const ZError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** Non-API routes (pages, health, auth form) described by hand so the document lists every route. */
export interface DocumentedRoute {
  method: string;
  path: string;
  summary: string;
  roles: readonly string[] | 'public';
}

/** OpenAPI 3.1 generated from the same zod schemas the routes parse with. */
export function openApiDocument(routes: readonly ApiRoute[], extra: readonly DocumentedRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (method: string, path: string, op: Record<string, unknown>) => {
    const key = path.replace(/:(\w+)/g, '{$1}');
    paths[key] ??= {};
    paths[key][method] = op;
  };
  for (const route of routes) {
    const params = route.params
      ? (z.toJSONSchema(route.params) as { properties?: Record<string, unknown> })
      : null;
    add(route.method, route.path, {
      summary: route.summary,
      'x-roles': route.roles,
      parameters: Object.entries(params?.properties ?? {}).map(([name, schema]) => ({
        name,
        in: 'path',
        required: true,
        schema,
      })),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(route.body) } },
            },
          }
        : {}),
      responses: {
        [String(route.status ?? 200)]: { description: 'OK' },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: z.toJSONSchema(ZError) } },
        },
      },
      security: [{ session: [] }],
    });
  }
  for (const route of extra) {
    add(route.method, route.path, {
      summary: route.summary,
      'x-roles': route.roles,
      responses: { default: { description: 'See summary' } },
      ...(route.roles === 'public' ? { security: [] } : { security: [{ session: [] }] }),
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tanggap API',
      version: '0.1.0',
      description: 'Respons humas & PPID. Errors: { error: { code, message, field } }.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tanggap_sid',
          description: 'Plus header x-csrf-token on POST/PATCH/PUT/DELETE',
        },
      },
    },
    paths,
  };
}
