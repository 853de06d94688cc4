/**
 * ID tokens with `typ: JWT` in their header, as Logto's: oidc-provider v9 signs them with no
 * `typ`. They are signed by the same keys as access tokens, which is why an API must check `typ`.
 *
 * @module
 */
import { createPrivateKey, sign } from 'node:crypto';

import type { Provider } from 'oidc-provider';

import type { SigningKey } from './keys.js';

type IssueOptions = { use?: string };

/** Signs `header.payload` again with the header `{ ...header, typ: 'JWT' }`. */
function resignWithTyp(jwt: string, keys: readonly SigningKey[]): string {
  const [encodedHeader, encodedPayload] = jwt.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const key = keys.find((candidate) => candidate.kid === header.kid);
  if (key === undefined) return jwt;
  const input = `${Buffer.from(JSON.stringify({ ...header, typ: 'JWT' })).toString('base64url')}.${encodedPayload}`;
  const privateKey = createPrivateKey({ key: key.jwk, format: 'jwk' });
  const signature =
    key.alg === 'ES384'
      ? sign('sha384', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * Makes `provider` issue ID tokens whose header carries `typ: 'JWT'` (other uses of the class,
 * such as logout tokens, are left alone).
 *
 * @example
 * ```ts
 * addIdTokenTyp(provider, setup.keys);
 * ```
 */
export function addIdTokenTyp(provider: Provider, keys: readonly SigningKey[]): void {
  const prototype = provider.IdToken.prototype as unknown as {
    issue: (this: unknown, options?: IssueOptions) => Promise<string>;
  };
  const issue = prototype.issue;
  prototype.issue = async function issueWithTyp(this: unknown, options?: IssueOptions) {
    const token = await issue.call(this, options);
    // ID tokens are signed, never encrypted, here (no client registers an encryption algorithm).
    return options?.use === 'idtoken' ? resignWithTyp(token, keys) : token;
  };
}
