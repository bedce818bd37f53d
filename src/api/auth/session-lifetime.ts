import type { RequestHandler } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** When the user signed in (ms since epoch); bounds the session's absolute lifetime. */
    signedInAt?: number;
  }
}

/**
 * Ends sessions older than `absoluteSecs` since sign-in, however active they are (the idle timeout alone would
 * let a stolen, busy cookie live for ever). The request then continues as anonymous.
 */
export function absoluteSessionLifetime(absoluteSecs: number): RequestHandler {
  return (req, _res, next) => {
    const signedInAt = req.session?.signedInAt;
    if (!req.user || signedInAt === undefined || Date.now() - signedInAt <= absoluteSecs * 1000) return next();
    req.logout(() => req.session.destroy(() => next()));
  };
}
