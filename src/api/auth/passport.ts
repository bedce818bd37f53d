import passportModule from 'passport';

/** An authenticator instance of our own. */
export type PassportInstance = InstanceType<typeof passportModule.Authenticator>;
import { Strategy as LocalStrategy } from 'passport-local';
import { RequestContext } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserService, type PublicUser } from '../../services/user.service.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends PublicUser {}
  }
}

/** A passport instance of our own (not the module singleton), so several apps can live in one process (tests). */
export function createPassport(rootEm: EntityManager): PassportInstance {
  const passport = new passportModule.Authenticator();
  const users = () => new UserService((RequestContext.getEntityManager() as EntityManager | undefined) ?? rootEm.fork());
  passport.use(
    new LocalStrategy({ session: true }, (username, password, done) => {
      users()
        .verifyCredentials(username, password)
        .then((user) => done(null, user ?? false))
        .catch(done);
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as PublicUser).id));
  passport.deserializeUser((id: number, done) => {
    users()
      // A disabled account is signed out at once (admin-throttle).
      .findActiveById(id)
      .then((user) => done(null, user ?? false))
      .catch(done);
  });
  return passport;
}
