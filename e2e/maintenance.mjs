// Maintenance windows in the browser end-to-end test (imported by run.mjs), once per language on
// the main demo server, after every other flow of that language (it makes the server read-only
// for a moment):
//
//   1. demo-admin opens "Maintenance windows", is refused a window that ends before it starts,
//      then schedules one two hours ahead on every part;
//   2. demo-applicant, at phone width, sees the notice on /home (with the times, in the language);
//   3. demo-admin starts a window at once on the secure account and the PR portal;
//   4. the applicant sees the forms disabled with the reason, and a write forced through anyway
//      answers the 503 page ("nothing was saved");
//   5. the 503 page links to the status page, which says maintenance is in progress;
//   6. demo-admin ends both windows; the applicant's forms work again;
//   7. demo-admin asks for a document due tomorrow on one of demo-applicant's Express Entry files,
//      then starts an incident (refused first without its French text), posts an update and ends
//      it; the status page shows it as it goes, in the language, at phone width; the applicant's
//      request page says the deadline was extended because of the interruption.
//
// Every page of ours visited gets an axe check (h.checkPage). run.mjs passes its helpers in (`h`).

import { demoSignIn } from './reps.mjs';

const TEXT = {
  en: {
    ahead: 'Scheduled maintenance:',
    running: 'Maintenance in progress:',
    saved: 'Nothing was saved',
    backwards: 'The end must come after the start.',
    message: 'Planned database upgrade (e2e)',
    statusMaintenance: 'Planned maintenance is in progress',
    incidentOpen: 'Service interruption since',
    incidentEnded: 'Service interruption from',
    missing: 'Write the update in this language too.',
    moved: 'Extended by',
  },
  fr: {
    ahead: 'Maintenance prévue :',
    running: 'Maintenance en cours :',
    saved: "Rien n'a été enregistré",
    backwards: 'La fin doit venir après le début.',
    message: 'Mise à niveau prévue de la base de données (e2e)',
    statusMaintenance: 'Une maintenance prévue est en cours',
    incidentOpen: 'Interruption du service depuis',
    incidentEnded: 'Interruption du service du',
    missing: 'Rédigez aussi la mise à jour dans cette langue.',
    moved: 'Prolongée de',
  },
};

/** `datetime-local` value, UTC, `minutes` from now. */
const inMinutes = (minutes) => new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16);

async function fillWindow(admin, { starts, ends, parts, now }) {
  if (now) await admin.check('#start_now');
  else await admin.fill('#starts_at', starts);
  await admin.fill('#ends_at', ends);
  for (const p of parts) await admin.check(`#part_${p}`);
  await admin.fill('#message_en', TEXT.en.message);
  await admin.fill('#message_fr', TEXT.fr.message);
}

/** Ends or cancels every window still listed as endable. */
async function endAll(admin, h, env) {
  for (let i = 0; i < 5; i++) {
    await admin.goto(`${env.baseUrl}/office/maintenance`);
    const button = admin.locator('form[action$="/end"] button').first();
    if (await button.count() === 0) return;
    await button.click();
    await h.expectPath(admin, '/office/maintenance', '?m=ended');
  }
}

const INCIDENT = { en: 'Codes by email are delayed (e2e)', fr: 'Les codes par courriel sont retardés (e2e)' };
const UPDATE = { en: 'Mail is flowing again (e2e)', fr: 'Les courriels repartent (e2e)' };

/** demo-admin asks for a document due tomorrow on one of demo-applicant's Express Entry files;
 * returns the file's path as the applicant sees it. */
async function requestDueTomorrow(admin, applicant, h, env) {
  await applicant.goto(`${env.baseUrl}/home`);
  const row = applicant.locator('main table.data tbody tr').filter({ hasText: /\bE\d{9}\b/ }).first();
  h.assert(await row.count() === 1, 'demo-applicant has an Express Entry file on /home');
  const href = await row.locator('a[href^="/applications/"]').getAttribute('href');
  const filePath = `/office/files/${href.split('/')[2]}`;
  await admin.goto(`${env.baseUrl}${filePath}`);
  await admin.click('main details#request-form > summary');
  const form = admin.locator(`form[action="${filePath}/requests"]`);
  h.assert(await form.count() === 1, `${filePath} offers a request form`);
  await form.locator('input[name="item"]').first().check();
  await form.locator('#days').fill('1');
  await form.locator('button[type="submit"]').click();
  await admin.waitForLoadState();
  await h.expectPath(admin, filePath);
  return href;
}

/** The applicant's request pages of `href`: one says its deadline moved with the interruption. */
async function expectMovedDeadline(applicant, h, env, t, href) {
  await applicant.goto(`${env.baseUrl}${href}`);
  const links = await applicant.locator(`main a[href^="${href}/requests/"]`)
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  h.assert(links.length > 0, `${href} lists the request`);
  const seen = [];
  for (const link of links) {
    await applicant.goto(`${env.baseUrl}${link}`);
    const moved = await applicant.locator('.deadline-moved').allInnerTexts();
    seen.push(...moved);
    if (moved.some((m) => m.includes(t.moved) && m.includes('(UTC)'))) return;
  }
  throw new Error(`no request page of ${href} says its deadline moved: ${JSON.stringify(seen)}`);
}

async function incidentFlow(admin, applicant, h, env, t, check) {
  const lang = t === TEXT.fr ? 'fr' : 'en';
  const file = await requestDueTomorrow(admin, applicant, h, env);
  await admin.goto(`${env.baseUrl}/office/incidents`);
  await check(admin, 'incidents');
  await admin.fill('#message_en', INCIDENT.en);
  await h.submit(admin, '/office/incidents');
  await admin.waitForSelector('.error-summary');
  h.assert((await h.mainText(admin)).includes(t.missing), 'the refusal names the missing language');
  await check(admin, 'incident-refused');
  await admin.fill('#message_fr', INCIDENT.fr);
  await h.submit(admin, '/office/incidents');
  await h.expectPath(admin, '/office/incidents', '?m=started');
  await check(admin, 'incident-open');
  await applicant.goto(`${env.baseUrl}/status`);
  const open = await h.mainText(applicant);
  h.assert(open.includes(t.incidentOpen) && open.includes(INCIDENT[lang]), `the status page shows the incident: ${open}`);
  await check(applicant, 'status-incident');
  await admin.fill('#message_en', UPDATE.en);
  await admin.fill('#message_fr', UPDATE.fr);
  await admin.click('form[action$="/updates"] button[type="submit"]');
  await h.expectPath(admin, '/office/incidents', '?m=updated');
  await admin.click('form[action="/office/incidents/end"] button[type="submit"]');
  await h.expectPath(admin, '/office/incidents', '?m=ended');
  await applicant.goto(`${env.baseUrl}/status`);
  const ended = await h.mainText(applicant);
  h.assert(ended.includes(t.incidentEnded) && ended.includes(UPDATE[lang]), `the ended incident: ${ended}`);
  await check(applicant, 'status-ended');
  // Ending the incident from the page moves the deadlines at once.
  await expectMovedDeadline(applicant, h, env, t, file);
  await check(applicant, 'request-moved');
  // The applicant's main pages at phone width (390 px): checkPage fails any that scrolls sideways.
  const tour = [['/home', 'home'], ['/inbox', 'inbox'], ['/account', 'account'], [file, 'status'],
    [`${file}/history`, 'history'], [`${file}/messages`, 'messages'], ['/processing-times', 'processing']];
  for (const [where, label] of tour) {
    await applicant.goto(`${env.baseUrl}${where}`);
    await check(applicant, `phone-${label}`);
  }
}

export async function maintenanceFlows(browser, env, lang, h) {
  const t = TEXT[lang];
  const errors = [];
  const contexts = [];
  const page = async (who, viewport) => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const p = await context.newPage();
    // Expected refusals: the bad window (422) and the forced write (503).
    h.watchErrors(p, errors, `${who}: `, (u, r) => (r.status() === 422
      && ['/office/maintenance', '/office/incidents'].includes(u.pathname)) || r.status() === 503);
    return p;
  };
  const check = (p, label) => h.checkPage(p, lang, `maintenance-${label}`);
  let step = 'demo-admin signs in';
  let admin;
  try {
    admin = await page('admin', { width: 1280, height: 900 });
    await demoSignIn(admin, h, env, 'demo-admin', lang);
    await admin.goto(`${env.baseUrl}/office/maintenance`);
    await check(admin, 'admin');
    step = 'a window that ends before it starts';
    await fillWindow(admin, { starts: inMinutes(180), ends: inMinutes(120), parts: ['account'] });
    await h.submit(admin, '/office/maintenance');
    await admin.waitForSelector('.error-summary');
    h.assert((await h.mainText(admin)).includes(t.backwards), 'the refusal says why');
    await check(admin, 'refused');
    step = 'a window two hours ahead';
    await admin.goto(`${env.baseUrl}/office/maintenance`);
    await fillWindow(admin, { starts: inMinutes(120), ends: inMinutes(180), parts: ['account', 'pr', 'office', 'api'] });
    await h.submit(admin, '/office/maintenance');
    await h.expectPath(admin, '/office/maintenance', '?m=scheduled');
    await check(admin, 'scheduled');

    step = 'the applicant sees the notice ahead';
    const applicant = await page('applicant', { width: 390, height: 844 });
    await demoSignIn(applicant, h, env, 'demo-applicant', lang);
    await applicant.goto(`${env.baseUrl}/home`);
    const banner = (await applicant.locator('.maintenance-banner').innerText()).replace(/\s+/g, ' ');
    h.assert(banner.includes(t.ahead) && banner.includes(t.message), `the notice ahead: ${banner}`);
    h.assert(banner.includes('(UTC)'), 'the notice names the time zone');
    await check(applicant, 'ahead');

    step = 'a window that starts at once';
    await admin.goto(`${env.baseUrl}/office/maintenance`);
    await fillWindow(admin, { now: true, ends: inMinutes(30), parts: ['account', 'pr'] });
    await h.submit(admin, '/office/maintenance');
    await h.expectPath(admin, '/office/maintenance', '?m=scheduled');

    step = 'the applicant during the window';
    await applicant.goto(`${env.baseUrl}/account/tokens`);
    const running = (await applicant.locator('.maintenance-banner').innerText()).replace(/\s+/g, ' ');
    h.assert(running.includes(t.running), `the notice during: ${running}`);
    h.assert(await applicant.locator('main fieldset.read-only[disabled]').count() === 1, 'the forms are disabled');
    h.assert(await applicant.locator('main button[type="submit"]').first().isDisabled(), 'a submit button is disabled');
    await check(applicant, 'read-only');
    // Forced through anyway (as an old tab would): the 503 page, nothing saved.
    await applicant.evaluate(() => { document.querySelector('fieldset.read-only').disabled = false; });
    await applicant.fill('#name', 'e2e during maintenance');
    await applicant.click('form[action="/account/tokens"] button[type="submit"]');
    await applicant.waitForLoadState();
    h.assert((await h.mainText(applicant)).includes(t.saved), 'the 503 page says nothing was saved');
    await check(applicant, '503');
    step = 'the 503 page links to the status page';
    await applicant.click('main a[href="/status"]');
    await h.expectPath(applicant, '/status');
    h.assert((await h.mainText(applicant)).includes(t.statusMaintenance), 'the status page says maintenance is on');
    await check(applicant, 'status-during');

    step = 'demo-admin ends the windows';
    await endAll(admin, h, env);
    await check(admin, 'ended');
    await applicant.goto(`${env.baseUrl}/account/tokens`);
    h.assert(await applicant.locator('.maintenance-banner').count() === 0, 'the notice is gone');
    h.assert(await applicant.locator('main fieldset.read-only').count() === 0, 'the forms work again');

    step = 'an incident, its updates, its end';
    await incidentFlow(admin, applicant, h, env, t, check);

    // The back office at phone width: the queue and a file, tables one block per row
    // (checkPage fails a page that scrolls sideways).
    step = 'the back office at phone width';
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.goto(`${env.baseUrl}/office`);
    await check(admin, 'phone-office-queue');
    const first = admin.locator('main table.stack tbody a[href^="/office/files/"]').first();
    if (await first.count() > 0) {
      await first.click();
      await admin.waitForSelector('main h1');
      await check(admin, 'phone-office-file');
    }
    await admin.setViewportSize({ width: 1280, height: 900 });
    h.record(`[${lang}] flow: a maintenance window announced ahead, read-only while it runs, ended`, true);
  } catch (e) {
    h.record(`[${lang}] flow: maintenance`, false, `step "${step}": ${e.stack || e}`);
  } finally {
    if (admin) await endAll(admin, h, env).catch(() => {});
    if (admin) await admin.goto(`${env.baseUrl}/office/incidents`).then(() => admin.click('form[action="/office/incidents/end"] button[type="submit"]', { timeout: 2000 })).catch(() => {});
    for (const c of contexts) await c.close().catch(() => {});
    for (const e of errors) h.warnings.push(`[${lang}] maintenance: ${e}`);
  }
}
