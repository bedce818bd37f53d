import { expect } from 'chai';
import { SecretBox, SecretBoxError } from '../../src/security/secret-box.js';

const KEY_A = 'secret-box-test-key-a-0123456789abcdef';
const KEY_B = 'secret-box-test-key-b-0123456789abcdef';

describe('security/secret-box (stored secrets sealed with SECRETS_KEY)', () => {
  it('when a secret is sealed, then the stored form does not contain it, differs each time, and opens to it', () => {
    const box = new SecretBox([KEY_A]);
    const first = box.seal('whsec-hunter2');
    const second = box.seal('whsec-hunter2');
    expect(first).to.match(/^sb1:[\w-]+$/).and.not.include('hunter2');
    expect(second).to.not.equal(first);
    expect(box.open(first)).to.equal('whsec-hunter2');
    expect(box.open(second)).to.equal('whsec-hunter2');
  });

  it('when the key was rotated (new key first, old kept), then old values open and new ones are sealed with the new key', () => {
    const old = new SecretBox([KEY_A]).seal('s1');
    const rotated = new SecretBox([KEY_B, KEY_A]);
    expect(rotated.open(old)).to.equal('s1');
    expect(new SecretBox([KEY_B]).open(rotated.seal('s2'))).to.equal('s2');
  });

  it('when no configured key opens a value, or it was altered, then it fails saying so instead of returning garbage', () => {
    const sealed = new SecretBox([KEY_A]).seal('s1');
    expect(() => new SecretBox([KEY_B]).open(sealed)).to.throw(SecretBoxError, /SECRETS_KEY/);
    const raw = Buffer.from(sealed.slice(4), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => new SecretBox([KEY_A]).open(`sb1:${raw.toString('base64url')}`)).to.throw(SecretBoxError);
    expect(() => new SecretBox([KEY_A]).open('sb1:AAAA')).to.throw(SecretBoxError, /damaged/);
  });

  it('when a value was stored before sealing existed (plain text), then it opens as it is and is recognised as not sealed', () => {
    const box = new SecretBox([KEY_A]);
    expect(box.open('legacy-plain-secret')).to.equal('legacy-plain-secret');
    expect(SecretBox.isSealed('legacy-plain-secret')).to.equal(false);
    expect(SecretBox.isSealed(box.seal('x'))).to.equal(true);
  });
});
