import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client.ts';

/**
 * Every read of register data is written to the access log (BMG § 40), so data is never
 * re-fetched behind the user's back: no refetch on focus or reconnect, and cached results stay
 * fresh until the user asks again. Client errors (4xx) are not retried either.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        gcTime: 10 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        retry: (failureCount, error) => failureCount < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
