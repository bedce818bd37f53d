import { expect } from 'chai';
import {
  classifyAddress,
  isAddressAllowed,
  isCloudMetadataAddress,
  type AddressClass,
  type UrlPolicy,
} from '../../src/security/index.js';

const STRICT: UrlPolicy = { allowPrivateTargets: false };
const PRIVATE_OK: UrlPolicy = { allowPrivateTargets: true };

const CLASSES: ReadonlyArray<readonly [ip: string, cls: AddressClass]> = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.5', 'private'],
  ['100.63.255.255', 'public'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.0', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['172.15.255.255', 'public'],
  ['172.16.3.4', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['192.88.99.1', 'reserved'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'benchmark'],
  ['198.19.255.255', 'benchmark'],
  ['198.20.0.0', 'public'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  // IPv6
  ['2606:4700::1111', 'public'],
  ['2a00:1450:4010:c05::64', 'public'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'private'],
  ['fc00::1', 'ula'],
  ['fd00::1', 'ula'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmark'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
  ['2001:10::1', 'reserved'], // ORCHID
  ['100::1', 'reserved'], // discard-only
  ['5f00::1', 'reserved'], // outside 2000::/3
  ['64:ff9b:1::a00:1', 'reserved'], // local-use NAT64
  // IPv6 carrying IPv4
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::FFFF:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:0.0.0.0', 'unspecified'],
  ['::127.0.0.1', 'loopback'], // IPv4-compatible
  ['::8.8.8.8', 'reserved'], // IPv4-compatible, deprecated even when public
  ['::ffff:0:7f00:1', 'loopback'], // SIIT translated
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['2002:7f00:1::1', 'loopback'], // 6to4
  ['2002:c0a8:101::1', 'private'],
  ['2002:808:808::1', 'public'],
  // tolerated wrappings
  ['[::1]', 'loopback'],
  [' 127.0.0.1 ', 'loopback'],
];

describe('security/address-classifier', () => {
  describe('classifyAddress', () => {
    for (const [ip, cls] of CLASSES) {
      it(`when the address is ${ip}, then it is classified as ${cls}`, () => {
        expect(classifyAddress(ip)).to.equal(cls);
      });
    }

    for (const junk of ['', 'localhost', 'example.com', '127.1', '0177.0.0.1', '2130706433', '1.2.3.256', ':::1', 'fe80::1%']) {
      it(`when the input is ${JSON.stringify(junk)}, then it throws a TypeError instead of guessing`, () => {
        expect(() => classifyAddress(junk)).to.throw(TypeError);
      });
    }
  });

  describe('isAddressAllowed', () => {
    const TABLE: ReadonlyArray<readonly [ip: string, strict: boolean, privateOk: boolean]> = [
      ['93.184.216.34', true, true],
      ['2606:4700::1111', true, true],
      ['127.0.0.1', false, true],
      ['::1', false, true],
      ['::ffff:127.0.0.1', false, true],
      ['10.0.0.5', false, true],
      ['172.16.3.4', false, true],
      ['192.168.1.1', false, true],
      ['100.64.0.1', false, true],
      ['fd00::1', false, true],
      ['169.254.169.254', false, false],
      ['169.254.1.1', false, false],
      ['::ffff:a9fe:a9fe', false, false],
      ['64:ff9b::a9fe:a9fe', false, false],
      ['2002:a9fe:a9fe::', false, false],
      ['fe80::1', false, false],
      ['0.0.0.0', false, false],
      ['::', false, false],
      ['224.0.0.1', false, false],
      ['240.0.0.1', false, false],
      ['255.255.255.255', false, false],
      ['192.0.2.1', false, false],
      ['198.18.0.1', false, false],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, false],
      // cloud metadata hiding in ranges that allowPrivateTargets opens, or in public space
      ['100.100.100.200', false, false],
      ['fd00:ec2::254', false, false],
      ['168.63.129.16', false, false],
      ['::ffff:100.100.100.200', false, false],
      // fail closed
      ['', false, false],
      ['example.com', false, false],
    ];
    for (const [ip, strict, privateOk] of TABLE) {
      it(`when the address is ${ip || '(empty)'}, then it is ${strict ? 'allowed' : 'refused'} by default and ${privateOk ? 'allowed' : 'refused'} with private targets`, () => {
        expect(isAddressAllowed(ip, STRICT)).to.equal(strict);
        expect(isAddressAllowed(ip, PRIVATE_OK)).to.equal(privateOk);
      });
    }

    it('when the address is undefined (e.g. a cached browser response), then it is refused', () => {
      expect(isAddressAllowed(undefined as unknown as string, PRIVATE_OK)).to.equal(false);
    });
  });

  describe('isCloudMetadataAddress', () => {
    it('when the metadata address is spelled in IPv6 forms, then it is still recognised', () => {
      for (const ip of ['169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::169.254.169.254', '[fd00:ec2::254]']) {
        expect(isCloudMetadataAddress(ip), ip).to.equal(true);
      }
      expect(isCloudMetadataAddress('8.8.8.8')).to.equal(false);
      expect(isCloudMetadataAddress('not an ip')).to.equal(false);
    });
  });
});
