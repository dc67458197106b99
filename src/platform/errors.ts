/**
 * An error a user can act on: a stable code for programs, a message for people
 * (what went wrong, where, how to fix it) and the HTTP status it maps to.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, status = 400, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`, 404);
export const forbidden = (message = 'Your role does not allow this.') => new AppError('FORBIDDEN', message, 403);
export const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Please sign in.', 401);
