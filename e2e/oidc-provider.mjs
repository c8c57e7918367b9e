// Test OpenID Connect provider ("partner") for portail's end-to-end tests, built on the certified
// npm package oidc-provider (pinned in e2e/package.json). Test-only: in-memory state, no real users.
//
// Run:   node e2e/oidc-provider.mjs --port <N> --partner <name>     (N = 0 picks a free port)
// Stdout carries exactly one line, `READY http://127.0.0.1:<port>`, once listening; notices and
// errors go to stderr. SIGTERM / SIGINT exit with status 0.
//
// Contract:
// - Listens on 127.0.0.1 only; issuer is exactly `http://127.0.0.1:<port>` (no trailing slash).
// - One confidential client: client_id `portail`, client_secret `portail-secret-<partner>`,
//   client_secret_basic, authorization_code + response_type code, ID tokens RS256 (a fresh RSA
//   2048 key with a kid per start). PKCE S256 is required. Scopes: openid email profile.
// - redirect_uri: any http://localhost[:port]/sign-in/partner/callback or the same on
//   127.0.0.1; post_logout_redirect_uri: any http://localhost[:port]/... or 127.0.0.1.
// - Login page GET /interaction/:uid (a form with one "Login" field); POST
//   /interaction/:uid/login with login=<name>. No password and no consent screen (granted
//   automatically). prompt=login shows the form again.
// - Claims: sub = the login as typed (trimmed), so providers with different --partner values
//   return the SAME sub and email for the same login; email = <login>@example.test,
//   email_verified = true, name = <login>. The ID token also carries acr =
//   urn:portail:test:loa2 and amr = ["pwd","otp"] (and email, email_verified, name).
// - RP-initiated logout: GET /session/end?client_id=portail&post_logout_redirect_uri=...
//   (no id_token_hint needed) shows a confirmation page whose form redirects there.
// - Cookies (+ .sig twins) are named _session_<partner>, _interaction_<partner>, _resume_<partner>.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

// oidc-provider prints notices with console.info (stdout): keep stdout for the READY line only,
// and drop the two start-up warnings expected for a test provider (in-memory store, Node.js 20).
const quiet = [/in-memory adapter/, /Unsupported runtime/];
console.log = console.info = (...args) => console.error(...args);
const warn = console.warn;
console.warn = (...args) => { if (!quiet.some((re) => re.test(String(args[0])))) warn(...args); };
const { default: Provider } = await import('oidc-provider');

const { values: opts } = parseArgs({ options: { port: { type: 'string' }, partner: { type: 'string' } } });
const port = Number(opts.port);
const partner = opts.partner;
if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^[A-Za-z0-9._-]+$/.test(partner ?? '')) {
  console.error('usage: node e2e/oidc-provider.mjs --port <N> --partner <name>');
  process.exit(2);
}

const ACR = 'urn:portail:test:loa2';
const AMR = ['pwd', 'otp'];
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title></head>
<body><main>${body}</main></body></html>`;
const loopback = '^http://(localhost|127\\.0\\.0\\.1)(:\\d{1,5})?';
const redirectRe = new RegExp(`${loopback}/sign-in/partner/callback$`);
const postLogoutRe = new RegExp(`${loopback}/[^#\\s]*$`);

const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
Object.assign(jwk, { kid: `${partner}-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' });

const server = createServer((req, res) => handle(req, res).catch((err) => fail(res, err)));
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'portail',
    client_secret: `portail-secret-${partner}`,
    client_name: `portail (test partner ${partner})`,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
    redirect_uris: ['http://localhost/sign-in/partner/callback'],
    post_logout_redirect_uris: ['http://localhost/sign-in'],
  }],
  jwks: { keys: [jwk] },
  // Browsers do not separate cookies by port: two providers on 127.0.0.1 need distinct names.
  cookies: {
    keys: [randomBytes(32).toString('base64url')],
    names: { session: `_session_${partner}`, interaction: `_interaction_${partner}`, resume: `_resume_${partner}` },
  },
  pkce: { required: () => true },
  acrValues: [ACR],
  // acr and amr ride with the openid scope so they are always in the ID token.
  claims: {
    openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['name'],
  },
  conformIdTokenClaims: false, // email and name in the ID token too, not only at userinfo
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(`Sign out of test partner ${partner}`, `<h1>Sign out of test partner ${esc(partner)}?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', `<h1>Signed out of test partner ${esc(partner)}</h1>`);
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Grant: 3600, Session: 3600,
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id }),
    };
  },
  // Never ask for consent: grant whatever openid scopes and claims are requested.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const { Grant } = oidc.provider;
    const accountId = oidc.session.accountId;
    const id = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    let grant = id ? await Grant.find(id) : undefined;
    if (!grant || grant.accountId !== accountId) grant = new Grant({ clientId: oidc.client.clientId, accountId });
    grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' ') || 'openid');
    grant.addOIDCClaims([...oidc.requestParamClaims]);
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>Error at test partner ${esc(partner)}</h1>${
      Object.entries(out).map(([k, v]) => `<p><strong>${esc(k)}</strong>: ${esc(v)}</p>`).join('')}`);
  },
});
provider.Client.prototype.redirectUriAllowed = (uri) => redirectRe.test(uri);
provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => postLogoutRe.test(uri);
provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
const callback = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!m) return callback(req, res);
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== m[1]) return send(res, 400, page('Error', '<h1>Interaction mismatch</h1>'));
  res.setHeader('Cache-Control', 'no-store');
  if (!m[2] && req.method === 'GET') {
    if (details.prompt.name !== 'login') return finishConsent(req, res, details); // safety net
    return send(res, 200, page(`Test partner ${partner}`, `<h1>Test partner ${esc(partner)}</h1>
<form method="post" action="/interaction/${esc(details.uid)}/login">
<p><label for="login">Login</label> <input id="login" name="login" required autocomplete="username"></p>
<p><button type="submit">Sign in</button></p>
</form>`));
  }
  if (m[2] && req.method === 'POST') {
    const login = new URLSearchParams(await readBody(req)).get('login')?.trim();
    if (!login) return send(res, 400, page('Error', '<h1>A login is required</h1>'));
    return provider.interactionFinished(req, res, { login: { accountId: login, acr: ACR, amr: AMR } },
      { mergeWithLastSubmission: false });
  }
  return send(res, 405, page('Error', '<h1>Method not allowed</h1>'));
}

async function finishConsent(req, res, { session, params, prompt }) {
  const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  grant.addOIDCScope(String(params.scope ?? 'openid'));
  grant.addOIDCClaims(prompt.details.missingOIDCClaims ?? []);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) throw Object.assign(new Error('body too large'), { status: 413 });
  }
  return body;
}

function send(res, status, html) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

function fail(res, err) {
  const status = err.status ?? err.statusCode ?? 500;
  if (status >= 500) console.error('oidc-provider.mjs:', err);
  if (res.headersSent) return res.destroy();
  send(res, status, page('Error', `<h1>Error</h1><p>${esc(err.error_description ?? err.message)}</p>`));
}

for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
process.stdout.write(`READY ${issuer}\n`);
