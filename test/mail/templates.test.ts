import { expect } from 'chai';
import { escapeHtml, MailTemplate, renderMail } from '../../src/mail/templates.js';
import { retryDelaySecs } from '../../src/mail/outbox.js';

const HOSTILE = `<script>alert("x")</script>&'`;

describe('mail templates', () => {
  const payloads: Record<MailTemplate, Record<string, unknown>> = {
    'confirm-email': { firstName: HOSTILE, username: HOSTILE, token: 'abc_DEF-123', expiresAt: '2026-12-01T00:00:00.000Z' },
    'reset-password': { firstName: HOSTILE, username: HOSTILE, token: 'abc_DEF-123', expiresAt: '2026-12-01T00:00:00.000Z' },
    'password-changed': { firstName: HOSTILE, username: HOSTILE, how: 'reset' },
    welcome: { firstName: HOSTILE, username: HOSTILE },
    'price-alert': {
      firstName: HOSTILE,
      username: HOSTILE,
      scheduleName: HOSTILE,
      rule: 'drop_percent',
      value: 10,
      url: `https://shop.example/p?q=${HOSTILE}`,
      region: HOSTILE,
      previous: { amount: '1299', currency: 'RUB', availability: 'InStock' },
      current: { amount: '999', currency: 'RUB', availability: 'InStock' },
    },
  };

  for (const template of Object.values(MailTemplate)) {
    it(`when ${template} is rendered with hostile names, then the HTML carries them escaped and the text as they are`, () => {
      const mail = renderMail(template, payloads[template], 'http://127.0.0.1:3000/');
      expect(mail.html).to.not.include('<script>');
      expect(mail.html).to.include(escapeHtml(HOSTILE));
      expect(mail.text).to.include(HOSTILE);
      expect(mail.subject).to.not.include(HOSTILE);
    });
  }

  it('when a link is built, then it is the public URL, the page, and the token in the fragment', () => {
    const mail = renderMail('confirm-email', payloads['confirm-email'], 'https://prices.example.com/');
    expect(mail.text).to.include('https://prices.example.com/api/auth/confirm#token=abc_DEF-123');
    expect(mail.html).to.include('href="https://prices.example.com/api/auth/confirm#token=abc_DEF-123"');
  });

  it('when a price alert is rendered, then it names the rule, the page and both prices', () => {
    const mail = renderMail('price-alert', payloads['price-alert'], 'http://127.0.0.1:3000/');
    expect(mail.subject).to.equal('Price alert: the price dropped by at least 10 %');
    expect(mail.text).to.include('Before: 1299 RUB (InStock)').and.include('Now: 999 RUB (InStock)').and.include('https://shop.example/p?q=');
  });

  it('when a template is unknown, then rendering throws (the outbox marks the message failed)', () => {
    expect(() => renderMail('nope', {}, 'http://x')).to.throw(/unknown mail template/);
  });

  it('when sends keep failing, then the delay doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => retryDelaySecs(n, 30, 3600))).to.deep.equal([30, 60, 120, 240, 480, 3600]);
  });
});
