import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostIssuer, hostProblem, splitHosts } from '../../server/src/core/hosts';

void describe('splitHosts', () => {
  void it('splits on commas, trims and lower-cases', () => {
    assert.deepEqual(splitHosts(' Shop.com , WWW.shop.com'), ['shop.com', 'www.shop.com']);
  });
  void it('drops empty entries', () => {
    assert.deepEqual(splitHosts('a.localhost,, ,b.localhost,'), ['a.localhost', 'b.localhost']);
  });
  void it('gives [] for non-strings', () => {
    for (const value of [undefined, null, 42, true, ['a.com'], { host: 'a.com' }]) {
      assert.deepEqual(splitHosts(value), []);
    }
  });
});

void describe('hostIssuer', () => {
  void it('uses the internal CA when the last label is localhost, local or stage', () => {
    assert.equal(hostIssuer('shop.localhost'), 'internal');
    assert.equal(hostIssuer('localhost'), 'internal');
    assert.equal(hostIssuer('docs.my-platform.local'), 'internal');
    assert.equal(hostIssuer('api.stage'), 'internal');
    assert.equal(hostIssuer('*.shop.localhost'), 'internal');
    assert.equal(hostIssuer('API.SHOP.LOCALHOST'), 'internal');
  });
  void it('uses ACME for everything else, matching the final label only', () => {
    assert.equal(hostIssuer('api.stage.myapp.com'), 'acme');
    assert.equal(hostIssuer('localhost.example.com'), 'acme');
    assert.equal(hostIssuer('shop.example'), 'acme');
    assert.equal(hostIssuer('stage.shop.example'), 'acme');
    assert.equal(hostIssuer('mylocal'), 'acme');
  });
});

void describe('hostProblem', () => {
  void it('accepts ordinary, single-label, punycode and wildcard hosts', () => {
    for (const host of ['shop.localhost', 'localhost', 'a-b.c-d.example', 'xn--bcher-kva.example', '*.shop.localhost', 'API.Shop.COM', `${'a'.repeat(63)}.com`]) {
      assert.equal(hostProblem(host), undefined, host);
    }
  });

  const cases: Array<[string, RegExp]> = [
    ['', /^is empty/],
    ['${API_HOST:-api.shop.localhost}', /^is a variable or secret reference/],
    ['vault://shop/host', /^is a variable or secret reference/],
    ['shop .com', /^contains spaces/],
    ['https://shop.com', /^contains a scheme/],
    ['shop.com/api', /^contains a path/],
    ['shop.com:8080', /^contains a port/],
    ['127.0.0.1', /^is an IP address/],
    ['[::1]', /^is an IP address/],
    ['::1', /^is an IP address/],
    ['shop..com', /^has an empty label/],
    ['.shop.com', /^has an empty label/],
    ['shop.com.', /^has an empty label/],
    ['*', /^is only a wildcard/],
    ['api.*.shop.com', /^has a wildcard in the wrong place/],
    ['*api.shop.com', /^has a wildcard in the wrong place/],
    ['**.shop.com', /^has a wildcard in the wrong place/],
    [`${'a'.repeat(64)}.com`, /^has a label longer than 63 characters/],
    [`${'abcdefghi.'.repeat(26)}com`, /^is too long \(263 characters, at most 253\)/],
    ['-shop.com', /^has a label starting or ending with "-" \("-shop"\)/],
    ['shop-.com', /^has a label starting or ending with "-"/],
    ['my_shop.com', /^has invalid characters in "my_shop"/],
    ['bücher.example', /^has invalid characters in "bücher".*punycode/],
  ];
  for (const [host, expected] of cases) {
    void it(`rejects ${JSON.stringify(host)}`, () => {
      const problem = hostProblem(host);
      assert.ok(problem, `expected a problem for ${host}`);
      assert.match(problem, expected);
    });
  }

  void it('rejects everything that could inject matcher syntax, placeholders or JSON', () => {
    for (const host of ['{http.request.host}', 'a.com"}]', 'a.com\n', 'a.com,b', 'a.com;b', 'a.com\\', "a'.com", 'a.com#x', 'a.com?x', 'a@b.com']) {
      assert.ok(hostProblem(host), host);
    }
  });
});
