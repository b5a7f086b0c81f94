// Temporal unreachable (or too slow to answer) is the service being unavailable, not a bug:
// callers answer 503. Other Temporal errors stay errors.
import { isGrpcServiceError, ServiceError } from '@temporalio/client';

// gRPC status codes (grpc-js `status`), for the two ways an unreachable server shows.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

function unreachable(error: unknown): boolean {
  return isGrpcServiceError(error) && (error.code === GRPC_UNAVAILABLE || error.code === GRPC_DEADLINE_EXCEEDED);
}

export function isTemporalUnavailable(error: unknown): boolean {
  return unreachable(error) || (error instanceof ServiceError && unreachable(error.cause));
}

export const temporalUnavailableMessage = 'Le moteur de processus ne répond pas ; réessayez dans un instant.';
