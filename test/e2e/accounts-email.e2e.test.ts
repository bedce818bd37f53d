import crypto from 'node:crypto';
import { expect } from 'chai';
import { getStack, type Stack } from '../support/stack.js';
import { ApiClient } from '../support/api-client.js';
import { eventually } from '../support/eventually.js';
import { FixtureServer } from '../support/fixture-server.js';
import { productPage } from '../support/marketplace-pages.js';
import { tokenFrom, type CapturedMail } from '../support/mailbox.js';
import { createMailer } from '../../src/mail/mailer.js';
import { drainOutbox, enqueueMail } from '../../src/mail/outbox.js';

const PASSWORD = 'correct horse battery staple'; // what ApiClient.signUp registers with
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/**
 * Accounts by email, end to end with real SMTP messages: the API queues mail in the outbox, the worker sends it
 * to the stack's in-process SMTP server, and the tests act on what arrived.
 */
describe('accounts and email end to end (register, confirm, reset, change password)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let shop: FixtureServer;

  before(async () => {
    stack = await getStack();
    shop = await new FixtureServer().html('/item', productPage('Kettle', '1990', 'RUB')).start();
  });

  after(async () => {
    await shop?.stop();
  });

  const fresh = (prefix: string) => {
    const username = `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
    return { username, email: `${username}@example.test`, password: PASSWORD };
  };
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => stack.db.em.fork().getConnection().execute<T[]>(query, params);

  async function register(api: ApiClient, prefix: string, extra: Record<string, string> = {}) {
    const who = fresh(prefix);
    const reg = await api.post('/api/auth/register', { ...who, ...extra });
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    return who;
  }

  async function signIn(username: string, password = PASSWORD): Promise<ApiClient> {
    const api = new ApiClient(stack.apiUrl);
    const res = await api.post('/api/auth/login', { username, password });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return api;
  }

  it('when a user registers, confirms through the emailed link and submits, then the task runs; before confirming, submissions get 403 naming the resend endpoint', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'flow');
    expect((await api.post('/api/auth/login', { username: who.username, password: PASSWORD })).status).to.equal(200);
    expect((await api.get('/api/auth/me')).body.emailConfirmed).to.equal(false);

    const mail = await stack.mailbox.waitFor(who.email, { subject: /confirm/i });
    expect(mail.text).to.include(`/api/auth/confirm#token=`);
    expect(mail.html).to.include('/api/auth/confirm#token=');
    expect(mail.messageId).to.match(/^<.+@price-collector\.outbox>$/);

    for (const resource of ['offer-tasks', 'spec-tasks']) {
      const refused = await api.post(`/api/${resource}`, { urls: [`${shop.baseUrl}/item`] });
      expect(refused.status, resource).to.equal(403);
      expect(refused.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(refused.body.title).to.equal('Email not confirmed');
      expect(refused.body.detail).to.match(/confirm your email/).and.include('/api/auth/confirm/resend');
      expect(refused.body.resend).to.equal('/api/auth/confirm/resend');
      expect((await api.get(`/api/${resource}`)).body.total, 'nothing stored').to.equal(0);
    }

    const confirmed = await api.post('/api/auth/confirm', { token: tokenFrom(mail) });
    expect(confirmed.status).to.equal(200);
    expect(confirmed.body).to.include({ username: who.username, emailConfirmed: true });
    expect((await api.get('/api/auth/me')).body.emailConfirmed, 'the same session sees it at once').to.equal(true);

    const welcome = await stack.mailbox.waitFor(who.email, { subject: /welcome/i });
    expect(welcome.text).to.include(who.username);

    const submitted = await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/item`] });
    expect(submitted.status).to.equal(202);
    const task = await api.waitForTask(submitted.body.id);
    expect(task.status).to.equal('completed');
  });

  it('when a confirmation token is used twice, is expired, or is a reset token, then it is refused and the account stays as it was', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'tokens');
    const token = tokenFrom(await stack.mailbox.waitFor(who.email, { subject: /confirm/i }));
    expect((await api.post('/api/auth/confirm', { token })).status).to.equal(200);
    const again = await api.post('/api/auth/confirm', { token });
    expect(again.status).to.equal(400);
    expect(again.body.title).to.equal('Invalid or expired token');
    // Only one welcome mail, however often the link is clicked.
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.mailbox.to(who.email).filter((m) => /welcome/i.test(m.subject))).to.have.length(1);

    const late = new ApiClient(stack.apiUrl);
    const other = await register(late, 'expired');
    const lateToken = tokenFrom(await stack.mailbox.waitFor(other.email, { subject: /confirm/i }));
    await sql(`update email_tokens set expires_at = now() - interval '1 second' where user_id = (select id from users where username = ?)`, [other.username]);
    expect((await late.post('/api/auth/confirm', { token: lateToken })).status).to.equal(400);
    expect((await sql<{ c: Date | null }>(`select email_confirmed_at as c from users where username = ?`, [other.username]))[0]!.c).to.equal(null);

    expect((await late.post('/api/auth/password-reset', { email: who.email })).status).to.equal(202);
    const resetToken = tokenFrom(await stack.mailbox.waitFor(who.email, { subject: /reset/i }));
    expect((await late.post('/api/auth/confirm', { token: resetToken })).status, 'a reset token does not confirm').to.equal(400);
    expect((await late.post('/api/auth/confirm', { token: 'A'.repeat(43) })).status).to.equal(400);
    expect((await late.post('/api/auth/confirm', { token: lateToken, isAdmin: true })).status, 'strict schema').to.equal(400);
  });

  it('when an unconfirmed user asks for a new link, then it arrives and works; after three mails in 15 minutes the next is 429 with Retry-After', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'resend');
    expect((await api.post('/api/auth/confirm/resend')).status, 'anonymous').to.equal(401);
    await signInInto(api, who.username);
    const first = await api.post('/api/auth/confirm/resend');
    expect(first.status).to.equal(202);
    expect(first.body.status).to.equal('accepted');
    const second = await stack.mailbox.waitFor(who.email, { subject: /confirm/i, nth: 2 });
    expect((await api.post('/api/auth/confirm/resend')).status).to.equal(202);
    const limited = await api.post('/api/auth/confirm/resend');
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 900);
    await stack.mailbox.waitFor(who.email, { subject: /confirm/i, nth: 3 });

    const original = tokenFrom((await stack.mailbox.waitFor(who.email, { subject: /confirm/i, nth: 1 })));
    expect(tokenFrom(second)).to.not.equal(original);
    expect((await api.post('/api/auth/confirm', { token: tokenFrom(second) })).status).to.equal(200);
    expect((await api.post('/api/auth/confirm/resend')).status, 'already confirmed').to.equal(409);
    expect((await api.post('/api/offer-tasks', { urls: [`${shop.baseUrl}/item`] })).status).to.equal(202);
  });

  async function signInInto(api: ApiClient, username: string, password = PASSWORD) {
    const res = await api.post('/api/auth/login', { username, password });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }

  it('when a password is reset through the emailed link, then the new password works, the old one does not, every earlier session is dead and the token is spent', async () => {
    const owner = new ApiClient(stack.apiUrl);
    const username = await owner.signUp('reset');
    const email = `${username}@example.test`;
    const laptop = await signIn(username);
    expect((await laptop.get('/api/auth/me')).status).to.equal(200);
    const before = await sql<{ c: string }>(`select count(*)::int as c from user_sessions where sess->'passport'->>'user' = (select id::text from users where username = ?)`, [username]);
    expect(Number(before[0]!.c)).to.equal(2);

    const anon = new ApiClient(stack.apiUrl);
    const asked = await anon.post('/api/auth/password-reset', { email: email.toUpperCase() });
    expect(asked.status).to.equal(202);
    const mail = await stack.mailbox.waitFor(email, { subject: /reset/i });
    expect(mail.text).to.include('/api/auth/password-reset/confirm#token=');
    const token = tokenFrom(mail);

    expect((await anon.post('/api/auth/password-reset/confirm', { token, password: 'short' })).status, 'too short').to.equal(400);
    const done = await anon.post('/api/auth/password-reset/confirm', { token, password: 'a brand new passphrase' });
    expect(done.status).to.equal(204);
    // Checked before the old sessions are used again (using them ends them too, see the next tests).
    const after = await sql<{ c: string }>(`select count(*)::int as c from user_sessions where sess->'passport'->>'user' = (select id::text from users where username = ?)`, [username]);
    expect(Number(after[0]!.c), 'session rows deleted').to.equal(0);

    expect((await owner.get('/api/auth/me')).status, 'the first session is dead').to.equal(401);
    expect((await laptop.get('/api/auth/me')).status, 'the second session is dead').to.equal(401);

    expect((await new ApiClient(stack.apiUrl).post('/api/auth/login', { username, password: PASSWORD })).status, 'old password').to.equal(401);
    await signIn(username, 'a brand new passphrase');
    expect((await anon.post('/api/auth/password-reset/confirm', { token, password: 'yet another passphrase' })).status, 'single use').to.equal(400);
    await signIn(username, 'a brand new passphrase');

    const changed = await stack.mailbox.waitFor(email, { subject: /password was changed/i });
    expect(changed.text).to.match(/reset/);
  });

  it('when a reset token has expired, then it is refused and the password stays', async () => {
    const api = new ApiClient(stack.apiUrl);
    const username = await api.signUp('reset-late');
    const email = `${username}@example.test`;
    await api.post('/api/auth/password-reset', { email });
    const token = tokenFrom(await stack.mailbox.waitFor(email, { subject: /reset/i }));
    await sql(`update email_tokens set expires_at = now() - interval '1 second' where purpose = 'reset-password' and user_id = (select id from users where username = ?)`, [username]);
    expect((await api.post('/api/auth/password-reset/confirm', { token, password: 'a brand new passphrase' })).status).to.equal(400);
    await signIn(username, PASSWORD);
  });

  it('when a reset is asked for an unknown address, then the answer is the same 202 in about the same time, and no message is queued or sent', async () => {
    const api = new ApiClient(stack.apiUrl);
    const username = await api.signUp('reset-known');
    const known = `${username}@example.test`;
    const unknown = `nobody-${crypto.randomBytes(5).toString('hex')}@example.test`;
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await new ApiClient(stack.apiUrl).post('/api/auth/password-reset', { email });
      return { res, ms: performance.now() - started };
    };
    const a = await timed(known);
    const b = await timed(unknown);
    expect(b.res.status).to.equal(a.res.status).and.equal(202);
    expect(b.res.text).to.equal(a.res.text);
    // Both are held to the same floor (250 ms), far above the work either does.
    expect(a.ms).to.be.at.least(240);
    expect(b.ms).to.be.at.least(240);
    expect(Math.abs(a.ms - b.ms)).to.be.below(150);

    await stack.mailbox.waitFor(known, { subject: /reset/i });
    expect(await sql(`select id from mail_outbox where to_address = ?`, [unknown])).to.deep.equal([]);
    expect(stack.mailbox.to(unknown)).to.deep.equal([]);
    expect((await api.post('/api/auth/password-reset', { email: unknown, username: 'x' })).status, 'strict schema').to.equal(400);
  });

  it('when a signed-in user changes the password, then this session continues under a new id, other sessions end, and a notice is mailed', async () => {
    const desk = new ApiClient(stack.apiUrl);
    const username = await desk.signUp('change');
    const email = `${username}@example.test`;
    const phone = await signIn(username);

    const wrong = await desk.post('/api/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).to.equal(403);
    expect((await phone.get('/api/auth/me')).status, 'a wrong current password changes nothing').to.equal(200);
    const crossSite = await desk.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, { Origin: 'https://evil.example' });
    expect(crossSite.status, 'CSRF').to.equal(403);

    const sidBefore = (await sql<{ sid: string }>(`select sid from user_sessions where sess->'passport'->>'user' = (select id::text from users where username = ?)`, [username])).map((r) => r.sid);
    const changed = await desk.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(changed.status).to.equal(200);
    expect(changed.headers.get('set-cookie'), 'a new session id').to.match(/^pc\.sid=/);
    // Checked before the other session is used again (using it ends it too, see the next test).
    const sidAfter = (await sql<{ sid: string }>(`select sid from user_sessions where sess->'passport'->>'user' = (select id::text from users where username = ?)`, [username])).map((r) => r.sid);
    expect(sidAfter, 'only the new session of the caller is left').to.have.length(1);
    expect(sidBefore).to.not.include(sidAfter[0]);
    expect((await desk.get('/api/auth/me')).status, 'this session continues').to.equal(200);
    expect((await phone.get('/api/auth/me')).status, 'the other session ended').to.equal(401);

    expect((await new ApiClient(stack.apiUrl).post('/api/auth/login', { username, password: PASSWORD })).status).to.equal(401);
    await signIn(username, 'a brand new passphrase');
    const notice = await stack.mailbox.waitFor(email, { subject: /password was changed/i });
    expect(notice.text).to.match(/changed/);
  });

  it('when a session row from before a password change survives, then the session is still refused (sessions_valid_after)', async () => {
    const desk = new ApiClient(stack.apiUrl);
    const username = await desk.signUp('survivor');
    const stale = await signIn(username);
    const rows = await sql<{ sid: string; sess: unknown; expire: Date }>(`select sid, sess, expire from user_sessions where sess->'passport'->>'user' = (select id::text from users where username = ?)`, [username]);
    expect(rows).to.have.length(2);
    expect((await desk.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' })).status).to.equal(200);
    // Put the deleted rows back, as if one had survived (written back by a request in flight, say).
    for (const row of rows) {
      await sql(`insert into user_sessions (sid, sess, expire) values (?, ?::json, ?) on conflict (sid) do nothing`, [row.sid, JSON.stringify(row.sess), row.expire]);
    }
    expect((await stale.get('/api/auth/me')).status).to.equal(401);
    expect((await desk.get('/api/auth/me')).status, 'the session that changed it continues').to.equal(200);
  });

  it('when a first name is hostile HTML, then the HTML part of the mail carries it escaped', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'xss', { firstName: HOSTILE_NAME });
    const mail = await stack.mailbox.waitFor(who.email, { subject: /confirm/i });
    expect(mail.html).to.include('Hello &lt;img src=x onerror=alert(1)&gt;,');
    expect(mail.html).to.not.include('<img');
    expect(mail.text, 'plain text keeps it as text').to.include(`Hello ${HOSTILE_NAME},`);
  });

  it('when the emailed link page is opened, then it only shows a button (no state change on GET, token kept out of the URL sent to the server)', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'page');
    const token = tokenFrom(await stack.mailbox.waitFor(who.email, { subject: /confirm/i }));
    const page = await api.request('GET', `/api/auth/confirm?token=${token}`, undefined, { accept: 'text/html' });
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/text\/html/);
    expect(page.headers.get('content-security-policy')).to.match(/script-src 'sha256-/);
    expect((await sql<{ c: Date | null }>(`select email_confirmed_at as c from users where username = ?`, [who.username]))[0]!.c).to.equal(null);
    expect((await api.request('GET', '/api/auth/password-reset/confirm')).status).to.equal(200);
  });

  it('when usernames or emails differ only in case, then the second registration is refused', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = await register(api, 'Case');
    expect((await api.post('/api/auth/register', { ...fresh('x'), username: who.username.toUpperCase() })).status).to.equal(409);
    expect((await api.post('/api/auth/register', { ...fresh('y'), email: who.email.toUpperCase() })).status).to.equal(409);
  });

  it('when the SMTP server refuses a message for a while, then it is retried with backoff and delivered once', async () => {
    const api = new ApiClient(stack.apiUrl);
    const who = fresh('retry');
    stack.mailbox.rejectNext(who.email, 2);
    expect((await api.post('/api/auth/register', who)).status).to.equal(201);
    const mail = await stack.mailbox.waitFor(who.email, { subject: /confirm/i, timeoutMs: 30_000 });
    type Row = { status: string; attempts: number; message_id: string; payload: Record<string, unknown>; last_error: string | null };
    let row: Row | undefined;
    // The SMTP accept comes just before the `sent` mark.
    await eventually(async () => {
      [row] = await sql<Row>(`select status, attempts, message_id, payload, last_error from mail_outbox where to_address = ?`, [who.email]);
      expect(row?.status).to.equal('sent');
    }, 5000);
    expect(row).to.include({ status: 'sent', attempts: 3, message_id: mail.messageId, last_error: null });
    expect(row!.payload, 'the token leaves the outbox once sent').to.not.have.property('token');
    await new Promise((r) => setTimeout(r, 500));
    expect(stack.mailbox.to(who.email)).to.have.length(1);
  });

  it('when several senders drain the outbox at once, then every message goes out exactly once', async () => {
    const em = stack.db.em.fork();
    const tag = crypto.randomBytes(4).toString('hex');
    const addresses = Array.from({ length: 12 }, (_, i) => `burst-${tag}-${i}@example.test`);
    await em.transactional(async (tx) => {
      for (const to of addresses) await enqueueMail(tx, { to, template: 'welcome', payload: { firstName: '', username: to } });
      // The same dedupe key twice is stored once.
      await enqueueMail(tx, { to: addresses[0]!, template: 'welcome', payload: { firstName: '', username: 'dup' }, dedupeKey: `burst-${tag}` });
      await enqueueMail(tx, { to: addresses[0]!, template: 'welcome', payload: { firstName: '', username: 'dup' }, dedupeKey: `burst-${tag}` });
    });
    const mailer = createMailer(stack.mailbox.url, 'test <test@example.test>');
    const options = { publicUrl: 'http://127.0.0.1', maxAttempts: 3, retryBaseSecs: 1, retryMaxSecs: 1, batchSize: 3 };
    try {
      // Three extra senders race the worker's own.
      await Promise.all([1, 2, 3].map(async () => {
        for (let i = 0; i < 5; i++) await drainOutbox(stack.db.em.fork(), mailer, options);
      }));
    } finally {
      mailer.close();
    }
    await eventually(() => expect(addresses.flatMap((a) => stack.mailbox.to(a))).to.have.length(13), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    const all: CapturedMail[] = addresses.flatMap((a) => stack.mailbox.to(a));
    expect(all).to.have.length(13);
    expect(new Set(all.map((m) => m.messageId)).size).to.equal(13);
  });
});
