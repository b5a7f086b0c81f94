// Business errors carry a stable code, an HTTP status and a French message the user can act on.
export type DomainErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'REFUSED'
  | 'UNAVAILABLE'
  // R-DATA-3 limitation: the employee's record is frozen, kept unchanged and unused until the freeze is lifted.
  | 'FROZEN';

const statusByCode: Record<DomainErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  REFUSED: 422,
  UNAVAILABLE: 503,
  // 423 Locked: the resource exists and the request is valid, but it is locked until someone lifts the freeze.
  FROZEN: 423,
};

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DomainError';
    this.status = statusByCode[code];
  }
}

/** Field errors of a failed zod parse, keyed by dotted path, first message per field. */
export function fieldErrors(issues: readonly { path: (string | number)[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validationError(issues: readonly { path: (string | number)[]; message: string }[]): DomainError {
  return new DomainError('VALIDATION', 'Certaines données sont invalides.', fieldErrors(issues));
}
