// Representatives in the browser end-to-end test (imported by run.mjs), once per language on the
// main demo server:
//
//   1. a new person registers (email code, TOTP), asks to act as a paid representative and
//      uploads a proof of membership;
//   2. demo-admin verifies them in the back office;
//   3. demo-applicant appoints them for one Express Entry file, signing with a typed name;
//   4. demo-officer asks for a document on that file;
//   5. the representative sees the file and its deadline on "My clients" and on the agenda, and
//      answers the request by upload;
//   6. the officer sees "by the representative, …" on the file;
//   7. demo-applicant revokes; the representative's next visit to the file is refused (404).
//
// Every page of ours visited gets an axe check (h.checkPage). run.mjs passes its helpers in (`h`).

import crypto from 'node:crypto';
import fs from 'node:fs';

export const REP_TEXT = {
  en: {
    pending: 'Waiting for verification',
    verified: 'Verified: you can act for clients',
    documentsRequested: 'You: documents requested',
    byRep: 'by the representative, ',
    notFound: 'We could not find that page.',
  },
  fr: {
    pending: 'En attente de vérification',
    verified: 'Vérifié : vous pouvez agir pour des clients',
    documentsRequested: 'Vous : documents demandés',
    byRep: 'par le représentant, ',
    notFound: "Nous n'avons pas trouvé cette page.",
  },
};

/** Signs a demo account in (its TOTP secret from the start-up banner), in `lang`. */
export async function demoSignIn(page, h, env, user, lang) {
  const log = fs.readFileSync(env.logPath, 'utf8');
  const m = new RegExp(`^\\s*${user}\\s+[a-z]+\\s+TOTP secret ([A-Z2-7]+)\\s*$`, 'm').exec(log);
  h.assert(m, `no "${user} … TOTP secret" line in the banner`);
  const key = h.base32Decode(m[1]);
  await page.goto(`${env.baseUrl}/lang/${lang}?next=%2Fsign-in`);
  await h.expectPath(page, '/sign-in');
  await page.fill('#username', user);
  await page.fill('#password', h.DEMO_PASSWORD);
  await h.submit(page, '/sign-in');
  await h.expectPath(page, '/sign-in/verify');
  env.lastSteps ??= {};
  const last = user === 'demo-officer' ? env.officerLastStep : (env.lastSteps[user] ?? -1);
  while (h.totpStep() <= last || (Date.now() / 1000) % 30 > 28.5) await h.sleep(250);
  const step = h.totpStep();
  if (user === 'demo-officer') env.officerLastStep = step;
  else env.lastSteps[user] = step;
  await page.fill('#code', h.hotp(key, step));
  await h.submit(page, '/sign-in/verify');
  await page.waitForURL((u) => u.pathname !== '/sign-in/verify', { timeout: 30_000 });
}

/** Registers a new account in `lang` (email code from the mail files, TOTP enrolment). */
async function register(page, h, env, lang, username, email) {
  await page.goto(`${env.baseUrl}/lang/${lang}?next=%2Fregister`);
  await h.expectPath(page, '/register');
  await page.fill('#username', username);
  await page.fill('#email', email);
  await page.fill('#password', h.PASSWORD);
  await page.fill('#password_confirm', h.PASSWORD);
  const seen = new Set(h.mailFiles(env.mailDir));
  await h.submit(page, '/register');
  await h.expectPath(page, '/register/confirm-email');
  const { mail } = await h.waitForMail(env.mailDir, seen, (m) => m.to.includes(email), 'confirmation code');
  const code = /(\d{8})/.exec(mail.body);
  h.assert(code, `no code in the confirmation mail to ${email}`);
  await page.fill('#code', code[1]);
  await h.submit(page, '/register/confirm-email');
  await h.expectPath(page, '/mfa/enrol');
  const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
  h.SECRETS.add(secret);
  if ((Date.now() / 1000) % 30 > 28.5) await h.sleep(2000);
  await page.fill('#code', h.hotp(h.base32Decode(secret), h.totpStep()));
  await h.submit(page, '/mfa/enrol');
  await page.waitForSelector('#recovery-codes li code');
  await page.goto(`${env.baseUrl}/home`);
  await h.expectPath(page, '/home');
}

export async function repFlows(browser, env, lang, h) {
  const t = REP_TEXT[lang];
  const errors = [];
  const contexts = [];
  // The representative's pages at phone width (their screenshots show the narrow layout).
  const page = async (who) => {
    const viewport = who === 'representative' ? { width: 390, height: 844 } : { width: 1280, height: 900 };
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const p = await context.newPage();
    // The refused visit after revocation is expected to answer 404.
    h.watchErrors(p, errors, `${who}: `, (u, r) => r.status() === 404 && u.pathname.startsWith('/applications/'));
    return p;
  };
  const check = (p, label) => h.checkPage(p, lang, `rep-${label}`);
  const name = `Rita ${lang === 'en' ? 'Tremblay' : 'Gagnon'}`;
  let step = 'register the representative';
  try {
    // 1. a new person asks to act as a paid representative
    const rep = await page('representative');
    const username = `e2e-rep-${lang}-${crypto.randomBytes(3).toString('hex')}`;
    await register(rep, h, env, lang, username, `${username}@example.com`);
    step = 'representative profile';
    await rep.goto(`${env.baseUrl}/representative`);
    await check(rep, 'become');
    await rep.check('#kind-consultant');
    await rep.fill('#full_name', name);
    await rep.fill('#membership', 'R705233');
    await rep.fill('#business_name', 'Cabinet e2e');
    await rep.fill('#business_address', '1 rue Principale, Montréal QC');
    await rep.check('#declared');
    await h.submit(rep, '/representative');
    await h.expectPath(rep, '/representative', '?m=requested');
    h.assert((await h.mainText(rep)).includes(t.pending), 'the profile waits for verification');
    await check(rep, 'pending');
    await rep.setInputFiles('#proof-file', env.files.passport);
    await h.submit(rep, '/representative/proof');
    await h.expectPath(rep, '/representative', '?m=proof');
    await check(rep, 'proof-given');
    const number = (await rep.locator('#rep-number').innerText()).trim();

    // 2. demo-admin verifies
    step = 'demo-admin verifies';
    const admin = await page('admin');
    await demoSignIn(admin, h, env, 'demo-admin', lang);
    await admin.goto(`${env.baseUrl}/office/representatives`);
    await check(admin, 'office-queue');
    const panel = admin.locator('.panel').filter({ hasText: number });
    await panel.locator('button[name="decision"][value="verify"]').click();
    await h.expectPath(admin, '/office/representatives', '?m=verified');
    await check(admin, 'office-verified');
    await rep.goto(`${env.baseUrl}/representative`);
    h.assert((await h.mainText(rep)).includes(t.verified.replace(/\s+/g, ' ')), 'the profile is verified');
    await check(rep, 'verified');

    // 3. demo-applicant appoints them for one file
    step = 'demo-applicant appoints';
    const client = await page('client');
    await demoSignIn(client, h, env, 'demo-applicant', lang);
    await client.goto(`${env.baseUrl}/account/representatives`);
    await check(client, 'client-consents');
    await client.fill('#representative', number);
    const option = client.locator('#application option').nth(1);
    const fileId = await option.getAttribute('value');
    const fileLabel = (await option.innerText()).trim();
    const fileNumber = fileLabel.split(' ')[0];
    await client.selectOption('#application', fileId);
    await client.check('#scope-act');
    await client.check('#corr-both');
    await client.fill('#signed_name', 'Demo Applicant');
    await h.submit(client, '/account/representatives');
    await h.expectPath(client, '/account/representatives', '?m=appointed');
    await check(client, 'client-appointed');

    // 4. demo-officer asks for a document
    step = 'demo-officer asks for a document';
    const officer = await page('officer');
    await demoSignIn(officer, h, env, 'demo-officer', lang);
    await officer.goto(`${env.baseUrl}/office/files/${fileId}`);
    await officer.click('main details#request-form > summary');
    await officer.fill('#free', 'Proof of funds (e2e)');
    await officer.fill('#days', '20');
    await h.submit(officer, `/office/files/${fileId}/requests`);
    await h.expectPath(officer, `/office/files/${fileId}`, '?m=requested');

    // 5. the representative's dashboard, agenda, and the answer by upload
    step = 'the representative answers';
    await rep.goto(`${env.baseUrl}/representative/clients`);
    const row = rep.locator('#client-files tr').filter({ hasText: fileNumber });
    h.assert(await row.count() === 1, `the file ${fileNumber} is on "My clients"`);
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    h.assert(rowText.includes(t.documentsRequested.replace(/\s+/g, ' ')), `the row says documents are requested: ${rowText}`);
    await check(rep, 'clients');
    await rep.goto(`${env.baseUrl}/representative/agenda`);
    const due = rep.locator('#agenda tr').filter({ hasText: fileNumber });
    h.assert(await due.count() >= 1, 'the deadline is on the agenda');
    await check(rep, 'agenda');
    await due.first().locator('a').click();
    await rep.waitForURL((u) => u.pathname.includes('/requests/'));
    const requestPath = new URL(rep.url()).pathname;
    await check(rep, 'request');
    await rep.setInputFiles(`form[action="${requestPath}/items/0"] input[type="file"]`, env.files.funds);
    await h.submit(rep, `${requestPath}/items/0`);
    await h.expectPath(rep, requestPath, '?m=uploaded');
    await h.submit(rep, `${requestPath}/answer`);
    await h.expectPath(rep, requestPath, '?m=answered');

    // 6. the officer sees who answered
    step = 'the officer sees the representative';
    await officer.goto(`${env.baseUrl}/office/files/${fileId}`);
    h.assert((await h.mainText(officer)).includes(`${t.byRep}${name}`), 'the file says the representative answered');
    await check(officer, 'office-file');

    // 7. the client revokes; the representative is refused at once
    step = 'the client revokes';
    await client.goto(`${env.baseUrl}/account/representatives`);
    const revoke = client.locator('#active-representatives tr').filter({ hasText: number }).locator('button');
    await revoke.click();
    await h.expectPath(client, '/account/representatives', '?m=revoked');
    await check(client, 'client-revoked');
    const refused = await rep.goto(`${env.baseUrl}/applications/${fileId}`);
    h.assert(refused.status() === 404, `after revocation the file answers ${refused.status()}`);
    h.assert((await h.mainText(rep)).includes(t.notFound), 'a clear "not found" page');
    h.record(`[${lang}] flow: a paid representative is verified, appointed, answers a request, and is refused after revocation`, true);
  } catch (e) {
    h.record(`[${lang}] flow: representatives`, false, `step "${step}": ${e.stack || e}`);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    for (const e of errors) h.warnings.push(`[${lang}] representatives: ${e}`);
  }
}
