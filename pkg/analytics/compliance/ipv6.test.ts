import { describe, expect, it } from 'vitest';
import { ipv6Groups } from './ipv6';
import { findSensitive } from './scan';

/** [kind, rule, matched text] for each finding. */
const found = (text: string) => findSensitive(text).map((m) => [m.kind, m.rule, text.slice(m.start, m.end)]);

// [text, the address the scan must report]
const POSITIVES: Array<[string, string]> = [
  ['full form 2001:0db8:85a3:0000:0000:8a2e:0370:7334 here', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ['peer 2001:db8:85a3::8a2e:370:7334 dropped', '2001:db8:85a3::8a2e:370:7334'],
  ['host 2001:db8::1', '2001:db8::1'],
  ['upper case 2001:DB8::ABCD', '2001:DB8::ABCD'],
  ['link-local fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a'],
  ['prefix only fe80:: route', 'fe80::'],
  ['network 2001:db8:abcd:12::/64', '2001:db8:abcd:12::'],
  ['mapped ::ffff:192.0.2.1 client', '::ffff:192.0.2.1'],
  ['NAT64 64:ff9b::192.0.2.33', '64:ff9b::192.0.2.33'],
  ['full mapped 0:0:0:0:0:ffff:192.0.2.1', '0:0:0:0:0:ffff:192.0.2.1'],
  ['zone fe80::1%eth0 up', 'fe80::1%eth0'],
  ['url zone http://[fe80::1%25eth0]:8080/', 'fe80::1%25eth0'],
  ['bracketed [2001:db8::1]:8443', '2001:db8::1'],
  ['url http://[2001:db8:1::ab9:C0A8:102]/x', '2001:db8:1::ab9:C0A8:102'],
  ['key=value peer=2001:db8::7 dropped', '2001:db8::7'],
  ['sentence end: from 2001:db8::7.', '2001:db8::7'],
  ['dial tcp [2001:db8::7]:443: i/o timeout', '2001:db8::7'],
  ['2001:db8::1: connection refused', '2001:db8::1'],
  ['JSON-escaped "addr:\\n2001:db8::1\\n"', '2001:db8::1'],
];

describe('IPv6: forms a user would see', () => {
  for (const [text, value] of POSITIVES) {
    it(text, () => {
      expect(found(text)).toEqual([['ip_address', 'ipv6', value]]);
    });
  }
});

// Valid-looking or colon-heavy values that are not (personal) IPv6 addresses.
const NOT_IPV6: Array<[string, string]> = [
  ['time', '12:30:45'],
  ['time with ms', '12:30:45.123'],
  ['ISO timestamp', '2025-01-10T12:34:56Z'],
  ['MAC', '00:1a:2b:3c:4d:5e'],
  ['MAC dashes', '00-1A-2B-3C-4D-5E'],
  ['EUI-64 notation', '00:1a:2b:ff:fe:3c:4d:5e'],
  ['C++ type', 'std::string'],
  ['C++ nested', 'std::vector<int>::size_type'],
  ['hex-letter path', 'a::b'],
  ['hex words', 'dead::beef'],
  ['Rust path', 'Foo::Bar::baz'],
  ['Rust path with digits', 'crate::ab12::cd'],
  ['C++ with digit', 'Eigen::Matrix3d::Identity'],
  ['loopback', 'connect ::1 now'],
  ['unspecified', 'bind :: now'],
  ['bracketed loopback', '[::1]:8080'],
  ['mapped loopback', '::ffff:127.0.0.1'],
  ['full loopback', '0:0:0:0:0:0:0:1'],
  ['bracketed unspecified', 'listening on [::]:8000'],
  ['MD5 fingerprint', '16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'],
  ['ratio list', '1:2:3:4:5:6:7:8'],
  ['aspect ratio', '16:9'],
  ['short hex pair', 'a1::b2'],
  ['prose', 'Note:: this'],
  ['hex id', '56549cc3231a50d2480fe16d1e48232e'],
  ['digest', 'vllm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['host port', 'cafe:8080'],
  ['glued before', 'x2001:db8::1'],
  ['glued after', '2001:db8::1g'],
  ['hyphenated', 'ip-2001:db8::1'],
];

describe('IPv6: no false positives', () => {
  for (const [what, text] of NOT_IPV6) {
    it(`${what}: ${text}`, () => {
      expect(found(text)).toEqual([]);
    });
  }
});

describe('ipv6Groups', () => {
  it('expands compressed and IPv4-tailed forms to eight groups', () => {
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('fe80::')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('::ffff:192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('1:2:3:4:5:6:10.0.0.1')).toEqual([1, 2, 3, 4, 5, 6, 0x0a00, 1]);
  });
});
