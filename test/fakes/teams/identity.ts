import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework identity service: OpenID metadata and a JWKS whose key is
 * endorsed for `msteams`, plus RS256 tokens signed the way the channel signs what it sends to a
 * bot. Point the adapter's cloud settings at it (`settingsFor`) and it authenticates for real.
 */

export interface TokenClaims {
  iss?: string;
  aud?: string;
  serviceurl?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
  [claim: string]: unknown;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class FakeIdentityProvider {
  readonly issuer = 'https://api.botframework.test';
  readonly kid = 'fake-key-1';
  url = '';
  /** Requests served, by path, so tests can see the SDK fetched metadata and keys. */
  readonly served: string[] = [];
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  private server: Server | null = null;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = {
      ...publicKey.export({ format: 'jwk' }),
      kid: this.kid,
      use: 'sig',
      alg: 'RS256',
      endorsements: ['msteams'],
    };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      this.served.push(path);
      res.setHeader('content-type', 'application/json');
      if (path === '/v1/.well-known/openidconfiguration') {
        res.end(
          JSON.stringify({
            issuer: this.issuer,
            jwks_uri: `${this.url}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else if (path === '/v1/.well-known/keys') {
        res.end(JSON.stringify({ keys: [this.jwk] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The SDK settings that send every authentication step here instead of Microsoft. */
  settingsFor(): Record<string, string | boolean> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/v1/.well-known/openidconfiguration`,
      ToBotFromChannelTokenIssuer: this.issuer,
      ToChannelFromBotLoginUrl: `${this.url}/botframework.test`,
      ToChannelFromBotOAuthScope: 'https://api.botframework.test',
      OAuthUrl: `${this.url}/oauth`,
      CallerId: 'urn:botframework:test',
      ValidateAuthority: false,
    };
  }

  /** An RS256 JWT as the channel would send; `claims` override the defaults. */
  token(claims: TokenClaims, key: KeyObject = this.privateKey): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = { iss: this.issuer, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(signingInput), key);
    return `${signingInput}.${b64url(signature)}`;
  }

  /** A token signed by a different key under the same key id (a forgery). */
  forged(claims: TokenClaims): string {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return this.token(claims, createPrivateKey(other.export({ format: 'pem', type: 'pkcs8' })));
  }
}

export async function startFakeIdentityProvider(): Promise<FakeIdentityProvider> {
  const idp = new FakeIdentityProvider();
  await idp.start();
  return idp;
}

/**
 * Outbound credentials for the bot's calls to the connector (the shape of botframework-connector's
 * ServiceClientCredentialsFactory): every request is signed with `token`, so the fake connector can
 * check the bot authenticated its replies.
 */
export function staticCredentialsFactory(appId: string, token: string) {
  return {
    isValidAppId: async (id: string) => id === appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    }),
  };
}
