import type { RequestHandler } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../../entities/index.js';

/**
 * Ends a session signed in before the account's `sessionsValidAfter` (set when the password is changed or reset).
 * Those sessions' rows are deleted at that moment already; this check also catches one that survived (a row
 * written back by a request in flight, a store replica). The request then continues as anonymous. The user was
 * just loaded by passport's deserialisation in this request's context, so this costs no query.
 */
export function sessionsValidAfterCheck(em: () => EntityManager): RequestHandler {
  return (req, _res, next) => {
    if (!req.user || !req.session?.passport) return next();
    em()
      .findOne(User, req.user.id)
      .then((user) => {
        const cutoff = user?.sessionsValidAfter?.getTime();
        const signedInAt = req.session.signedInAt;
        if (cutoff === undefined || (signedInAt !== undefined && signedInAt >= cutoff)) return next();
        req.logout(() => req.session.destroy(() => next()));
      })
      .catch(next);
  };
}

declare module 'express-session' {
  interface SessionData {
    passport?: { user?: unknown };
  }
}
