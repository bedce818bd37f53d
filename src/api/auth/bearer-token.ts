import type { RequestHandler } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiTokenService } from '../../services/api-token.service.js';
import { HttpProblem } from '../problem.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** How the caller proved who they are, when they did. */
    authMethod?: 'session' | 'token';
  }
}

/**
 * `Authorization: Bearer <token>` for scripts. A header that is present but wrong is a 401 (never a silent
 * fallback to anonymous); without the header the session cookie decides.
 */
export function bearerTokenAuth(em: () => EntityManager): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      if (req.user) req.authMethod = 'session';
      return next();
    }
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match) return next(new HttpProblem(401, 'Unauthorized', 'send the token as "Authorization: Bearer <token>"'));
    const user = await new ApiTokenService(em()).authenticate(match[1]!);
    if (!user) return next(new HttpProblem(401, 'Unauthorized', 'the API token is unknown or revoked, or its account is disabled; create one with POST /api/tokens'));
    req.user = user;
    req.authMethod = 'token';
    next();
  };
}
