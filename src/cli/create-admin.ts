import { registerSchema } from '../api/schemas.js';
import { User, UserRole } from '../entities/index.js';
import { UserService } from '../services/user.service.js';
import type { Database } from '../db/orm.js';

export interface CreateAdminInput {
  username: string;
  email: string;
  /** Read only when the account has to be created. */
  password: () => Promise<string>;
}

/**
 * Creates an admin (email counted as confirmed), or promotes the existing account with that username (enabled,
 * email confirmed, password unchanged). Returns what it did, for the command's output.
 */
export async function createAdmin(db: Database, input: CreateAdminInput): Promise<string> {
  const em = db.em.fork();
  const existing = await em.findOne(User, { username: { $ilike: input.username.replace(/[\\%_]/g, '\\$&') } });
  if (existing) {
    existing.role = UserRole.Admin;
    existing.emailConfirmedAt ??= new Date();
    existing.disabledAt = null;
    await em.flush();
    return `promoted existing user ${existing.username} (id ${existing.id}) to admin; password unchanged`;
  }
  const byEmail = await em.findOne(User, { email: input.email.toLowerCase() });
  if (byEmail) throw new Error(`the email ${input.email} belongs to user ${byEmail.username}; pass --username ${byEmail.username} to promote that account`);
  const parsed = registerSchema.safeParse({ username: input.username, email: input.email, password: await input.password() });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const user = await new UserService(em).register(parsed.data);
  await em.nativeUpdate(User, { id: user.id }, { role: UserRole.Admin, emailConfirmedAt: new Date() });
  return `created admin ${user.username} (id ${user.id})`;
}

/** The password: the first line of stdin when it is piped, else asked twice on the terminal without echo. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Repeat password: ');
  if (first !== second) throw new Error('the passwords differ');
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
