import type { ErrorCode } from './error-code.js';

/** One error model for the whole server: a stable code, a message safe to show a model, a hint. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      readonly hint?: string;
      /** Non-secret facts (URL, namespace, status code) for logs and structured results. */
      readonly details?: Readonly<Record<string, unknown>>;
      readonly cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }

  get hint(): string | undefined {
    return this.options.hint;
  }

  get details(): Readonly<Record<string, unknown>> {
    return this.options.details ?? {};
  }

  /** "reason — hint", the form every edge shows. */
  describe(): string {
    return this.hint ? `${this.message} — ${this.hint}` : this.message;
  }

  static is(err: unknown, code?: ErrorCode): err is AppError {
    return err instanceof AppError && (code === undefined || err.code === code);
  }
}
