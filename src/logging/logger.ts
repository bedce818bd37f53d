import { pino, type Logger } from 'pino';

/** One JSON logger per process; children carry the component name. */
export function createLogger(level: string, component: string): Logger {
  return pino({ level, base: { component }, redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'] });
}
