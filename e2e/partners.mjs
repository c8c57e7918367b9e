// Sign-In Partners in the browser end-to-end test (imported by run.mjs).
//
// Two test OpenID providers (e2e/oidc-provider.mjs, partners `bank-a` and `bank-b`) are started
// before portail and configured through PORTAIL_WEB__PARTNERS__<ID>__… variables. Per language, a
// fresh browser context signs in with Bank A (first visit: the email step and its emailed code),
// checks /account, signs out here and at the partner, and signs in again (straight to /home).
// A second context signs in with Bank B under the same login: a different identity, so a new
// account (the email step again). A forged callback must be refused with a 400 page, whether
// signed out or signed in (the session then stays).
// run.mjs passes its helpers in (`h`), so that this module does not import it back.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
const PROVIDER = path.join(E2E_DIR, 'oidc-provider.mjs');

export const PARTNERS = [
  { id: 'bank-a', en: 'Bank A', fr: 'Banque A', logo: 'A' },
  { id: 'bank-b', en: 'Bank B', fr: 'Banque B', logo: 'B' },
];
const ACR = 'urn:portail:test:loa2';
const AMR = 'pwd otp';

export const PARTNER_TEXT = {
  en: {
    link: (p) => `Sign in with ${p}`,
    emailTitle: 'Finish creating your account',
    emailIntro: (p) => `${p} confirmed who you are.`,
    emailSubmit: 'Send the code',
    method: (p) => `Sign-In Partner: ${p}`,
    signOutAt: (p) => `sign out at ${p} too`,
    signedOutPartner: 'You are signed out, here and at your Sign-In Partner.',
    problemTitle: 'Sign-in through a partner did not work',
  },
  fr: {
    link: (p) => `Se connecter avec ${p}`,
    emailTitle: 'Terminer la création de votre compte',
    emailIntro: (p) => `${p} a confirmé votre identité.`,
    emailSubmit: 'Envoyer le code',
    method: (p) => `Partenaire de connexion : ${p}`,
    signOutAt: (p) => `se déconnecter aussi de ${p}`,
    signedOutPartner: 'Vous êtes déconnecté, ici et chez votre partenaire de connexion.',
    problemTitle: "La connexion par un partenaire n'a pas fonctionné",
  },
};

/** Text as shown, comparable: no bidi isolates, narrow and no-break spaces as spaces, spaces collapsed. */
export function norm(text) {
  return String(text).replace(/[\u2068\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
}

const secretOf = (id) => `portail-secret-${id}`;

// ---------------------------------------------------------------- the test providers

/** Starts one provider per partner (each logs to `<dir>/partner-<id>.log`); resolves once all print READY. */
export async function startPartners(dir) {
  const started = [];
  try {
    for (const p of PARTNERS) started.push(await startProvider(dir, p));
  } catch (e) {
    await stopPartners(started);
    throw e;
  }
  return started;
}

async function startProvider(dir, partner) {
  const logPath = path.join(dir, `partner-${partner.id}.log`);
  const log = fs.openSync(logPath, 'a');
  const child = spawn(process.execPath, [PROVIDER, '--port', '0', '--partner', partner.id],
    { cwd: dir, stdio: ['ignore', 'pipe', log] });
  fs.closeSync(log);
  const provider = { ...partner, child, logPath, issuer: null, exit: null };
  child.on('exit', (code, signal) => { provider.exit = { code, signal }; });
  provider.issuer = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('no READY line within 30 s')), 30_000);
    function fail(e) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`test partner ${partner.id}: ${e.message}; log ${logPath}:\n${readTail(logPath)}`));
    }
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^READY (http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code, signal) => fail(new Error(`exited early (${code ?? signal})`)));
    child.on('error', fail);
  });
  return provider;
}

/** The PORTAIL_… variables that configure the providers as partners (a list value for `scopes`). */
export function partnerEnv(providers) {
  const env = {};
  for (const p of providers) {
    const key = (k) => `PORTAIL_WEB__PARTNERS__${p.id.toUpperCase()}__${k}`;
    Object.assign(env, {
      [key('NAME_EN')]: p.en,
      [key('NAME_FR')]: p.fr,
      [key('LOGO_TEXT_EN')]: p.logo,
      [key('LOGO_TEXT_FR')]: p.logo,
      [key('ISSUER')]: p.issuer,
      [key('CLIENT_ID')]: 'portail',
      [key('CLIENT_SECRET')]: secretOf(p.id),
      [key('SCOPES')]: '[openid, email, profile]',
    });
  }
  return env;
}

/** The client secrets: none may appear in portail's log. */
export function partnerSecrets(providers) {
  return providers.map((p) => secretOf(p.id));
}

/** SIGTERM, then SIGKILL after 5 s. Returns problems to report as warnings. */
export async function stopPartners(providers) {
  const problems = [];
  for (const p of providers ?? []) {
    if (!p.exit) p.child.kill('SIGTERM');
    for (let i = 0; i < 50 && !p.exit; i++) await new Promise((r) => setTimeout(r, 100));
    if (!p.exit) {
      p.child.kill('SIGKILL');
      problems.push(`test partner ${p.id} did not stop on SIGTERM (killed)`);
    } else if (p.exit.code !== 0) {
      problems.push(`test partner ${p.id} exited with ${JSON.stringify(p.exit)}; log ${p.logPath}`);
    }
  }
  return problems;
}

/** For a process 'exit' handler: kill whatever still runs, synchronously. */
export function killPartners(providers) {
  for (const p of providers ?? []) {
    try { if (!p.exit) p.child.kill('SIGKILL'); } catch { /* gone */ }
  }
}

function readTail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------- the browser flows

const FLOW_MAIN = 'Sign-In Partner (Bank A): first visit with email code, /account, sign out here and at the partner, sign in again';
const FLOW_SECOND = 'Sign-In Partner (Bank B), same login: a different identity (email step again)';
const FLOW_FORGED = 'Sign-In Partner: a forged callback is refused (400, its own page), signed out and signed in';

/** A fresh context in `lang` (chosen as run.mjs does: the header link on the landing page). */
async function openContext(browser, h, base, lang, sink, who) {
  const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  // The forged callback answers 400 by design.
  h.watchErrors(page, sink, who, (u, r) => u.pathname === '/sign-in/partner/callback' && u.searchParams.get('state') === 'forged'
    && r.status() === 400);
  await page.goto(`${base}/`);
  if (lang === 'fr') {
    await page.locator('header .lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
  }
  await h.expectLang(page, lang);
  return { context, page };
}

/** The partner's link on /sign-in, found by its accessible name (the logo text is aria-hidden). */
async function partnerLink(page, lang, partner) {
  const name = PARTNER_TEXT[lang].link(partner[lang]);
  const link = page.getByRole('link', { name, exact: true });
  const n = await link.count();
  if (n !== 1) {
    const all = await page.locator('main a').evaluateAll((as) => as.map((a) => `${a.getAttribute('href')} ${a.textContent.trim()}`));
    throw new Error(`/sign-in has ${n} links named ${JSON.stringify(name)}; links: ${JSON.stringify(all)}`);
  }
  const href = await link.getAttribute('href');
  if (href !== `/sign-in/partner/${partner.id}`) throw new Error(`the link ${JSON.stringify(name)} goes to ${href}`);
  const logo = norm(await link.locator('.partner-logo').innerText().catch(() => ''));
  if (logo !== partner.logo) throw new Error(`the link ${JSON.stringify(name)} shows the logo text ${JSON.stringify(logo)}, expected ${partner.logo}`);
  return link;
}

/** At the provider's login page (not ours: no axe check), types `login` and submits. */
async function providerLogin(page, provider, login) {
  await page.waitForURL((u) => u.origin === provider.issuer && /^\/interaction\/[\w-]+$/.test(u.pathname), { timeout: 30_000 })
    .catch(() => { throw new Error(`expected the login page of ${provider.issuer}, at ${page.url()}`); });
  await page.fill('#login', login);
  await page.click('form button[type="submit"]');
}

/** The first visit's email step and code: from /register/partner to /home. */
async function finishRegistration(page, h, lang, provider, login) {
  const t = PARTNER_TEXT[lang];
  await h.expectPath(page, '/register/partner');
  await h.expectLang(page, lang);
  const title = norm(await page.locator('main h1').innerText());
  h.assert(title === t.emailTitle, `h1 is ${JSON.stringify(title)}, expected ${t.emailTitle}`);
  const intro = norm(await h.mainText(page));
  h.assert(intro.includes(t.emailIntro(provider[lang])), `the page does not say "${t.emailIntro(provider[lang])}": ${intro}`);
  const email = `${login}@example.test`;
  const prefilled = await page.inputValue('#email');
  h.assert(prefilled === email, `#email is pre-filled with ${JSON.stringify(prefilled)}, expected ${email}`);
  return email;
}

async function confirmEmail(page, h, env, lang, email, seen) {
  const tt = h.TEXT[lang];
  await h.expectPath(page, '/register/confirm-email');
  await h.expectLang(page, lang);
  const { file, mail } = await h.waitForMail(env.mailDir, seen, (m) => m.to.includes(email), `the confirmation code to ${email}`);
  h.assert(mail.subject.includes(tt.mailSubject), `mail ${file}: subject ${JSON.stringify(mail.subject)} is not "${tt.mailSubject}"`);
  const m = tt.mailCode.exec(mail.body);
  h.assert(m, `mail ${file} (${mail.cte}) has no ${lang} confirmation code:\n${mail.body}`);
  await page.fill('#code', m[1]);
  await h.submit(page, '/register/confirm-email');
  await h.expectPath(page, '/home');
  const h1 = norm(await page.locator('main h1').innerText());
  h.assert(h1 === tt.homeTitle, `home h1 is ${JSON.stringify(h1)}, expected ${tt.homeTitle}`);
}

/**
 * The Sign-In Partner flows for one language; each of the three records one result, and every
 * page of portail visited gets its axe check (`h.checkPage`, one result each).
 */
export async function partnerFlows(browser, env, lang, h) {
  const t = PARTNER_TEXT[lang];
  const base = env.baseUrl;
  const [bankA, bankB] = env.partners;
  const login = `e2e-${lang}-${crypto.randomBytes(4).toString('hex')}`;
  const errors = [];
  let step = 'open a browser context';
  let ctx;
  const fail = async (flow, page, e) => {
    const shot = path.join(h.SCREENSHOTS, `FAILED-partner-${lang}-${flow}.png`);
    await page?.screenshot({ path: shot, fullPage: true }).catch(() => {});
    return `step "${step}": ${e.stack || e}\n(at ${page?.url()}; screenshot ${path.relative(process.cwd(), shot)})`;
  };

  // 1. Bank A, first visit → email step → /home → /account → sign out here and there → again.
  let mainOk = false;
  try {
    ctx = await openContext(browser, h, base, lang, errors, '');
    const { page } = ctx;
    step = 'sign-in page lists the partners';
    await page.goto(`${base}/sign-in`);
    await h.expectPath(page, '/sign-in');
    await h.expectLang(page, lang);
    await partnerLink(page, lang, bankB);
    const linkA = await partnerLink(page, lang, bankA);
    await h.checkPage(page, lang, 'partner-sign-in');

    step = `first sign-in at ${bankA.id} (login ${login})`;
    await linkA.click();
    await providerLogin(page, bankA, login);

    step = 'email step (/register/partner)';
    const email = await finishRegistration(page, h, lang, bankA, login);
    await h.checkPage(page, lang, 'partner-email');
    const seen = new Set(h.mailFiles(env.mailDir));
    const button = page.locator('form[action="/register/partner"] button[type="submit"]');
    const buttonText = norm(await button.innerText());
    h.assert(buttonText === t.emailSubmit, `the button reads ${JSON.stringify(buttonText)}, expected ${t.emailSubmit}`);
    await button.click();

    step = 'confirm the email with the mailed code';
    await h.expectPath(page, '/register/confirm-email');
    await h.checkPage(page, lang, 'partner-confirm-email');
    await confirmEmail(page, h, env, lang, email, seen);
    for (const c of await page.context().cookies()) if (c.value.length >= 32) h.SECRETS.add(c.value);
    await h.checkPage(page, lang, 'partner-home');

    step = '/account shows the partner and its assurance';
    await page.goto(`${base}/account`);
    await h.expectPath(page, '/account');
    await h.expectLang(page, lang);
    const account = norm(await h.mainText(page));
    for (const want of [t.method(bankA[lang]), ACR, AMR, email]) {
      h.assert(account.includes(want), `/account does not show ${JSON.stringify(want)}: ${account}`);
    }
    await h.checkPage(page, lang, 'partner-account');

    step = 'sign out (header button)';
    await h.submit(page, '/sign-out');
    await h.expectPath(page, '/sign-in', `?m=signed-out&partner=${bankA.id}`);
    await h.expectLang(page, lang);
    const outLink = page.locator(`main a[href="/sign-in/partner/${bankA.id}/sign-out"]`);
    h.assert(await outLink.count() === 1, `no link to /sign-in/partner/${bankA.id}/sign-out after signing out`);
    const outText = norm(await outLink.innerText());
    h.assert(outText.includes(t.signOutAt(bankA[lang])), `the sign-out link reads ${JSON.stringify(outText)}, expected "…${t.signOutAt(bankA[lang])}"`);
    await h.checkPage(page, lang, 'partner-signed-out');

    step = `sign out at ${bankA.id} too`;
    await outLink.click();
    await page.waitForURL((u) => u.origin === bankA.issuer, { timeout: 30_000 })
      .catch(() => { throw new Error(`expected the logout page of ${bankA.issuer}, at ${page.url()}`); });
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await h.expectPath(page, '/sign-in', '?m=signed-out-partner');
    await h.expectLang(page, lang);
    const notice = norm(await page.locator('main .notice').first().innerText().catch(() => ''));
    h.assert(notice === t.signedOutPartner, `the notice reads ${JSON.stringify(notice)}, expected ${t.signedOutPartner}`);
    await h.checkPage(page, lang, 'partner-signed-out-both');

    step = `sign in again at ${bankA.id}: the partner asks again, then straight to /home`;
    await (await partnerLink(page, lang, bankA)).click();
    await providerLogin(page, bankA, login);
    await h.expectPath(page, '/home');
    const h1 = norm(await page.locator('main h1').innerText());
    h.assert(h1 === h.TEXT[lang].homeTitle, `home h1 is ${JSON.stringify(h1)}`);
    await page.goto(`${base}/account`);
    const again = norm(await h.mainText(page));
    h.assert(again.includes(email), `after signing in again, /account does not show ${email} (another account?): ${again}`);
    mainOk = true;
    h.record(`[${lang}] flow: ${FLOW_MAIN}`, true);
  } catch (e) {
    h.record(`[${lang}] flow: ${FLOW_MAIN}`, false, await fail('bank-a', ctx?.page, e));
  }

  // 2. A forged callback: refused with a 400 page in the right language, signed out (a fresh
  //    context, kept for step 3) and signed in (the Bank A context: the session stays).
  const forged = `${base}/sign-in/partner/callback?state=forged&code=x`;
  let ctxB;
  let at;
  try {
    step = 'forged callback, signed out';
    ctxB = await openContext(browser, h, base, lang, errors, 'bank-b: ');
    at = ctxB.page;
    const res = await at.goto(forged);
    h.assert(res.status() === 400, `GET ${new URL(forged).pathname}${new URL(forged).search} → ${res.status()}, expected 400`);
    await h.expectLang(at, lang);
    const title = norm(await at.locator('main h1').innerText());
    h.assert(title === t.problemTitle, `h1 is ${JSON.stringify(title)}, expected ${t.problemTitle}`);
    h.assert(await at.locator('main a[href="/sign-in"]').count() === 1, 'the problem page has no link to /sign-in');
    h.assert(await at.locator('main a[href^="/sign-in/partner/"]').count() === 0,
      'the problem page offers to retry a partner, though the forged state names none');
    await h.checkPage(at, lang, 'partner-problem');

    step = 'forged callback, signed in';
    if (!ctx || !mainOk) throw new Error('not run: the Bank A flow failed before it');
    at = ctx.page;
    const res2 = await at.goto(forged);
    h.assert(res2.status() === 400, `signed in: GET ${new URL(forged).pathname} → ${res2.status()}, expected 400`);
    const title2 = norm(await at.locator('main h1').innerText());
    h.assert(title2 === t.problemTitle, `signed in: h1 is ${JSON.stringify(title2)}, expected ${t.problemTitle}`);
    const home = await at.goto(`${base}/home`);
    h.assert(home.status() === 200 && new URL(at.url()).pathname === '/home',
      `after a forged callback, /home answers ${home.status()} at ${at.url()}: the session should stay`);
    h.record(`[${lang}] flow: ${FLOW_FORGED}`, true);
  } catch (e) {
    h.record(`[${lang}] flow: ${FLOW_FORGED}`, false, await fail('forged', at, e));
  } finally {
    await ctx?.context.close().catch(() => {});
  }

  // 3. Bank B with the same login: the same sub at another issuer is another person.
  try {
    step = `sign in at ${bankB.id} with the same login`;
    if (!ctxB) throw new Error('no browser context');
    const { page } = ctxB;
    await page.goto(`${base}/sign-in`);
    await (await partnerLink(page, lang, bankB)).click();
    await providerLogin(page, bankB, login);
    step = `the email step again, for ${bankB.id}`;
    await finishRegistration(page, h, lang, bankB, login);
    h.record(`[${lang}] flow: ${FLOW_SECOND}`, true);
  } catch (e) {
    h.record(`[${lang}] flow: ${FLOW_SECOND}`, false, await fail('bank-b', ctxB?.page, e));
  } finally {
    for (const c of errors) h.warnings.push(`[${lang}] partner flows: ${c}`);
    await ctxB?.context.close().catch(() => {});
  }
  return mainOk;
}
