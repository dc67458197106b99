import type { AppContext } from '../platform/context.ts';
import type { Authenticator } from '../platform/http/types.ts';

export function createAuthenticator(_ctx: AppContext): Authenticator {
  return async () => null;
}
