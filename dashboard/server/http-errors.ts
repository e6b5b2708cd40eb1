import type { Response } from 'express';
import type { z } from 'zod';

/** Every JSON error has one shape: `{ error: { code, message, field? } }`, message in Bahasa Indonesia. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  field?: string,
): void {
  res.status(status).json({ error: { code, message, ...(field ? { field } : {}) } });
}

/** A zod failure as a 400 naming the first offending field. */
export function sendInvalid(res: Response, error: z.ZodError): void {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  sendError(res, 400, 'invalid_input', issue?.message ?? 'Input tidak valid.', field);
}
