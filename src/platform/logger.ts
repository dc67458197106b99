import { pino, type Logger } from 'pino';

/** Structured JSON logs; never log personal data, only ids. */
export function createLogger(level: string, name = 'buergerkoffer'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'password', '*.password'], remove: true },
  });
}
