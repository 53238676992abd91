import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '../../common/errors/app-error.js';

/** An error a resource request failed with, as the JSON-RPC error it answers with. */
export function toMcpError(err: unknown): McpError {
  if (err instanceof McpError) return err;
  if (AppError.is(err)) return new McpError(ErrorCode.InvalidParams, err.describe(), { code: err.code });
  return new McpError(ErrorCode.InternalError, 'internal error reading the resource');
}
