import type { Logger } from 'pino';
import type { CaseCommands } from '../cases/commands.ts';
import type { DevicePorts } from '../devices/types.ts';
import type { DocumentIssuance } from '../documents/issuance.ts';
import type { ClientInfo, SignedIn, SignInResult } from '../identity/login.ts';
import type { Principal } from '../identity/principal.ts';
import type { NewSession } from '../identity/sessions.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

/** What every use case may depend on: configuration, the database, a logger and the clock. */
export interface AppContext {
  config: Config;
  database: Database;
  logger: Logger;
  /** Injected so tests can pin "now" (retention, session expiry, age rules). */
  now: () => Date;
  /** Device drivers (the kit plugs in real ones); absent means the simulators of src/devices. */
  devices?: DevicePorts;
  /** How the case routes run their commands: absent = the use cases (counter); on the kit, the capture recorder. */
  caseCommands?: CaseCommands;
  /** The persons a signed-in officer serves on a confirmed visit (the kit: its packages' persons); see Principal.visitSubjects. */
  visitSubjectsOf?: (principal: Principal) => Promise<ReadonlySet<string>>;
  /** Who signs documents and where they come from: absent = the Rathaus issues its own (src/documents/issuance.ts). */
  documentIssuance?: DocumentIssuance;
  /** Replaces the password check of the staff login: the kit asks the Rathaus, or its vault offline. */
  passwordSignIn?: (input: { username: string; password: string }, client: ClientInfo) => Promise<SignInResult>;
  /** Replaces the second-factor step of the staff login: the kit forwards the code to the Rathaus. */
  secondFactorSignIn?: (input: { sessionToken: string | undefined; csrfToken: string | undefined; code: string }, client: ClientInfo) => Promise<{ session: NewSession } & SignedIn>;
}
