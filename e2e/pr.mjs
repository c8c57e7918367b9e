// The PR portal ("Portal 2") in the browser end-to-end test (imported by run.mjs).
//
// Per language, a separate `portail demo` (fresh data directory) sends its mail over SMTP to a
// small SMTP sink of ours (node:net, on 127.0.0.1), so that the invitations really travel by SMTP.
// The demo seeds two submitted Express Entry files of demo-applicant (Amira Haddad, born
// 1985-03-15, and Karim Haddad, born 1990-07-02), whose numbers the start-up banner prints. (A
// demo that writes mail files whatever the mail mode is replaced, once it has seeded, by
// `portail serve` on the same data directory: a warning says so.)
//
//   1. demo-admin saves a migration rule (Express Entry), previews it (2 files) and runs a wave;
//      the two invitations arrive at the sink, each with its code.
//   2. Path A: someone without an account opens /pr/start with Amira's code (a wrong date of birth
//      first: refused), confirms the emailed code (from the sink), enrols TOTP, and in the PR
//      portal declares presence, gives the mailing address and uploads a photo (each once wrong).
//   3. Path B: demo-applicant (secure account) sees both files moved, redeems Karim's code typed in
//      lower case with spaces, and uses both portals with one sign-in. In French, demo-applicant
//      switches the language once signed in: the account's language, that of the eCOPR.
//   4. demo-officer sends the photo back (the person sees why, and uploads again), accepts the
//      three tasks — the person's open file page updates by itself (server-sent events) — and
//      issues the eCOPR, which the person downloads (PDF text checked with pdftotext).
//
// Every page of ours visited gets an axe check (h.checkPage). run.mjs passes its helpers in (`h`).

import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { norm } from './partners.mjs';

// ---------------------------------------------------------------- an SMTP sink

/**
 * A minimal SMTP server (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
 * QUIT) on 127.0.0.1 that keeps every message in `mails` (envelope `from`/`to`, the raw text and
 * `parse(raw)`'s fields).
 */
export async function startSmtpSink(parse) {
  const mails = [];
  const sockets = new Set();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    let inData = false;
    let from = '';
    let to = [];
    const reply = (text) => sock.write(`${text}\r\n`);
    reply('220 e2e-sink ESMTP');
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (inData) {
          const end = buf.subarray(0, 3).toString('latin1') === '.\r\n' ? -2 : buf.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const data = end === -2 ? Buffer.alloc(0) : buf.subarray(0, end + 2);
          buf = buf.subarray(end === -2 ? 3 : end + 5);
          const raw = data.toString('utf8').replace(/^\.\./gm, '.');
          mails.push({ ...parse(raw), from, to, raw, at: Date.now(), taken: false });
          inData = false;
          reply('250 2.0.0 OK: kept');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl === -1) return;
        const line = buf.subarray(0, nl).toString('utf8');
        buf = buf.subarray(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-e2e-sink\r\n250-8BITMIME\r\n250 SIZE 20000000');
        else if (verb === 'HELO') reply('250 e2e-sink');
        else if (verb === 'MAIL') { from = /<([^>]*)>/.exec(line)?.[1] ?? ''; to = []; reply('250 2.1.0 OK'); }
        else if (verb === 'RCPT') { to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 2.1.5 OK'); }
        else if (verb === 'DATA') { if (to.length) { inData = true; reply('354 End data with <CR><LF>.<CR><LF>'); } else reply('503 5.5.1 RCPT first'); }
        else if (verb === 'RSET') { from = ''; to = []; reply('250 2.0.0 OK'); }
        else if (verb === 'NOOP') reply('250 2.0.0 OK');
        else if (verb === 'QUIT') { reply('221 2.0.0 Bye'); sock.end(); return; }
        else reply('502 5.5.2 Not implemented');
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const sink = {
    port: server.address().port,
    mails,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  return sink;
}

// ---------------------------------------------------------------- texts

const OWNER_EMAIL = 'applicant@demo.portail.invalid';
/** Types the `YYYY-MM-DD` date `iso` in the day, month and year boxes of the date `name`. */
async function fillIsoDate(page, name, iso) {
  const [year, month, day] = iso.split('-');
  await page.fill(`#${name}`, day);
  await page.fill(`#${name}-month`, month);
  await page.fill(`#${name}-year`, year);
}

/** What the three boxes of the date `name` hold, as `YYYY-MM-DD` (as typed). */
async function typedIsoDate(page, name) {
  return `${await page.inputValue(`#${name}-year`)}-${await page.inputValue(`#${name}-month`)}-${await page.inputValue(`#${name}`)}`;
}

const AMIRA = { given: 'Amira', name: 'Amira Haddad', born: '1985-03-15' };
const KARIM = { given: 'Karim', name: 'Karim Haddad', born: '1990-07-02' };
const ENTERED = '2026-09-15';
const POSTAL = 'H2X 1Y4';
const CODE_RE = /Your invite code:[\s\u2068\u2069]*([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4})/;

export const PR_TEXT = {
  en: {
    wavesLink: 'Moving files to the PR portal',
    ruleSave: 'Save and preview',
    matches2: 'This rule matches 2 files.',
    waveRun: 'Run a wave with this rule',
    waveDone: 'Finished — 2 issued, 0 skipped, 0 failed, of 2 matching',
    waveRunning: 'Running',
    startTitle: 'Create your PR portal account with an invite code',
    startSubmit: 'Create my account',
    notYours: "This code belongs to another person's application",
    prGo: 'Go to the PR portal',
    prTitle: 'PR portal',
    progress: (d, o) => `${d} of ${o} steps done`,
    todo: 'To do',
    waiting: 'Sent, waiting for review',
    accepted: 'Accepted',
    returned: 'Sent back: to do again',
    ecoprReady: 'Ready to download',
    ecoprPreparing: 'Being prepared',
    cannotStart: 'Cannot start yet',
    returnedBecause: 'The officer says:',
    liveUpdated: 'Updated just now.',
    send: 'Send',
    presenceChoose: 'Choose whether you are in Canada or outside.',
    postalProvince: 'This postal code is not in the province or territory chosen.',
    photoShape: 'The photo must have the proportions of a 35 × 45 mm photo',
    redeemTitle: 'Add a file with an invite code',
    redeemSubmit: 'Add the file',
    inviteUnknown: 'This code is not right',
    fileAdded: 'The file is added to your PR portal.',
    movedHeading: 'Moved to the PR portal',
    movedRedeemed: 'managed in the PR portal',
    movedCodeSent: 'We emailed you an invite code on',
    officeTitle: 'PR portal and PR confirmation',
    decision: 'Decision — ',
    reviewed: 'Your decision is recorded.',
    issueEcopr: 'Issue the eCOPR',
    ecoprIssued: 'The eCOPR is issued and the person is told.',
    returnReason: 'The background must be plain and light; please take the photo again.',
    returnedMail: 'A task of your PR confirmation needs your attention',
    ecoprMail: 'Your Confirmation of Permanent Residence is ready',
    ecoprTitle: 'Confirmation of Permanent Residence',
  },
  fr: {
    wavesLink: 'Transfert de dossiers au portail de la RP',
    ruleSave: 'Enregistrer et prévisualiser',
    matches2: 'Cette règle vise 2 dossiers.',
    waveRun: 'Lancer une vague avec cette règle',
    waveDone: 'Terminée — 2 émis, 0 ignorés, 0 en échec, sur 2 visés',
    waveRunning: 'En cours',
    startTitle: "Créer votre compte du portail de la RP avec un code d'invitation",
    startSubmit: 'Créer mon compte',
    notYours: "Ce code appartient à la demande d'une autre personne",
    prGo: 'Aller au portail de la RP',
    prTitle: 'Portail de la RP',
    progress: (d, o) => `${d} étapes faites sur ${o}`,
    todo: 'À faire',
    waiting: "Envoyé, en attente d'examen",
    accepted: 'Accepté',
    returned: 'Renvoyé : à refaire',
    ecoprReady: 'Prête à télécharger',
    ecoprPreparing: 'En préparation',
    cannotStart: 'Pas encore possible',
    returnedBecause: "L'agent indique :",
    liveUpdated: "Mis à jour à l'instant.",
    send: 'Envoyer',
    presenceChoose: "Indiquez si vous êtes au Canada ou à l'extérieur.",
    postalProvince: "Ce code postal n'est pas dans la province ou le territoire choisi.",
    photoShape: "La photo doit avoir les proportions d'une photo de 35 × 45 mm",
    redeemTitle: "Ajouter un dossier avec un code d'invitation",
    redeemSubmit: 'Ajouter le dossier',
    inviteUnknown: "Ce code n'est pas le bon",
    fileAdded: 'Le dossier est ajouté à votre portail de la RP.',
    movedHeading: 'Transféré au portail de la RP',
    movedRedeemed: 'gérée dans le portail de la RP',
    movedCodeSent: "Nous vous avons envoyé un code d'invitation par courriel le",
    officeTitle: 'Portail de la RP et confirmation de RP',
    decision: 'Décision — ',
    reviewed: 'Votre décision est enregistrée.',
    issueEcopr: 'Délivrer la CRP électronique',
    ecoprIssued: 'La CRP électronique est délivrée et la personne en est informée.',
    returnReason: "Le fond doit être uni et clair ; reprenez la photo, s'il vous plaît.",
    returnedMail: 'Une tâche de votre confirmation de RP demande votre attention',
    ecoprMail: 'Votre Confirmation de résidence permanente est prête',
    ecoprTitle: 'Confirmation de résidence permanente',
  },
};

// ---------------------------------------------------------------- processes

const running = new Set(); // the portail instances of this module still running, for killPrServers

/** For a process 'exit' handler: kill whatever this module started and still runs, synchronously. */
export function killPrServers() {
  for (const r of running) {
    try { r.child?.kill('SIGKILL'); } catch { /* gone */ }
  }
}

/** The start-up banner of `portail demo`: the demo users' TOTP secrets and the PR files. */
async function readBanner(logPath, h) {
  const deadline = Date.now() + 30_000;
  let cardLineSeen = 0;
  while (Date.now() < deadline) {
    const log = fs.readFileSync(logPath, 'utf8');
    const files = [...log.matchAll(/^\s+([A-Z]\d{9})\s+born (\d{4}-\d{2}-\d{2})\s*$/gm)].map((m) => ({ number: m[1], born: m[2] }));
    const secrets = Object.fromEntries([...log.matchAll(/^\s*(demo-[a-z]+)\s+[a-z]+\s+TOTP secret ([A-Z2-7]+)\s*$/gm)].map((m) => [m[1], m[2]]));
    if (files.length >= 2 && secrets['demo-admin'] && secrets['demo-officer'] && secrets['demo-applicant']) return { files, secrets };
    // The PR files come a moment after the test-card line; a binary without them stops there.
    if (!cardLineSeen && /Test card for the demo payment/.test(log)) cardLineSeen = Date.now();
    if (cardLineSeen && Date.now() - cardLineSeen > 5_000) break;
    await h.sleep(200);
  }
  throw new Error(`the demo banner in ${logPath} does not list demo-admin, demo-officer and demo-applicant `
    + `with their TOTP secrets and two PR files ("    E123456789  born 1985-03-15"): is the binary older than the PR-portal demo data?\n${h.tail(logPath, 30)}`);
}

// ---------------------------------------------------------------- page helpers

/** Clicks `button` (a form's submit) and waits for the POST to `action` and the page it leads to. */
async function post(page, button, action) {
  const res = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action, { timeout: 30_000 });
  const nav = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
  await button.click();
  const [response] = await Promise.all([res, nav]);
  await page.waitForLoadState('load');
  return response;
}

async function text(locator) {
  return norm(await locator.innerText({ timeout: 5_000 }).catch(() => ''));
}

async function errorSummary(page) {
  return norm(await page.locator('.pr-alert-error, .error-summary').first().innerText({ timeout: 2_000 }).catch(() => ''));
}

/** A JPEG of w × h pixels drawn on a canvas (a face-like oval on a light background). */
async function makeJpeg(browser, w, h, file) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const url = await page.evaluate(([w, h]) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d');
      g.fillStyle = '#e8eef2';
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#8a6a58';
      g.beginPath();
      g.ellipse(w / 2, h * 0.45, w * 0.24, h * 0.28, 0, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = '#334';
      g.fillRect(w * 0.2, h * 0.78, w * 0.6, h * 0.22);
      return c.toDataURL('image/jpeg', 0.9);
    }, [w, h]);
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error(`the ${w}×${h} canvas did not give a JPEG`);
    fs.writeFileSync(file, bytes);
    return file;
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- the flows

const FLOW_WAVE = 'PR portal: demo-admin previews a rule and runs a wave; the invitations arrive by SMTP';
const FLOW_START = 'PR portal, path A: account by invite code (wrong date of birth refused), email code from SMTP, TOTP, three PR-confirmation tasks';
const FLOW_REDEEM = 'PR portal, path B: demo-applicant redeems a code (lower case, spaces) and uses both portals with one sign-in';
const FLOW_REVIEW = 'PR portal: officer sends the photo back, accepts all (live update), issues the eCOPR; the person downloads it';

/**
 * The PR-portal flows for one language on an instance of their own; each flow records one result,
 * and each page of portail visited its axe check; then the instance's own checks. `tmp` is the
 * run's temporary directory, `photos` the JPEGs of makePrPhotos.
 */
export async function prFlows(browser, lang, h, { tmp, photos }) {
  const t = PR_TEXT[lang];
  const tt = h.TEXT[lang];
  const dir = path.join(tmp, `pr-${lang}`);
  fs.mkdirSync(dir, { recursive: true });
  const secrets = new Set([h.PASSWORD]);
  const errors = [];
  const contexts = [];
  let sink;
  let server;
  let step = 'start the SMTP sink and portail';
  const pages = {};
  const fail = async (flow, e) => {
    const shots = [];
    for (const [who, p] of Object.entries(pages)) {
      if (!p || p.isClosed()) continue;
      const shot = path.join(h.SCREENSHOTS, `FAILED-pr-${lang}-${flow}-${who}.png`);
      await p.screenshot({ path: shot, fullPage: true }).catch(() => {});
      shots.push(`${who} at ${p.url()}; screenshot ${path.relative(process.cwd(), shot)}`);
    }
    return `[${lang}] step "${step}": ${e.stack || e}\n(${shots.join('\n ') || 'no page'})`;
  };
  const results = {};
  const flow = async (key, name, body) => {
    if (Object.values(results).includes(false)) {
      h.record(`[${lang}] flow: ${name}`, false, `not run: an earlier PR-portal flow failed (${lang})`);
      results[key] = false;
      return;
    }
    try {
      await body();
      results[key] = true;
      h.record(`[${lang}] flow: ${name}`, true);
    } catch (e) {
      results[key] = false;
      h.record(`[${lang}] flow: ${name}`, false, await fail(key, e));
    }
  };

  /**
   * The next mail not taken yet that `wanted` accepts: from the SMTP sink — or, should portail
   * write mail files instead (the instance's check then fails), from `<data dir>/mail`, so that
   * the flows still run.
   */
  const mailDir = path.join(dir, 'mail');
  const fileMails = [];
  const viaFile = [];
  const seededFiles = new Set(); // mail files of the demo's seeding, before `serve` took over
  const takeMail = async (wanted, what, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = sink.mails.find((x) => !x.taken && wanted(x));
      if (m) {
        m.taken = true;
        return m;
      }
      for (const f of h.mailFiles(mailDir)) {
        if (seededFiles.has(f) || fileMails.some((x) => x.file === f)) continue;
        const raw = fs.readFileSync(path.join(mailDir, f), 'utf8');
        const parsed = h.parseEml(raw);
        const to = [/<([^>]+)>/.exec(parsed.to)?.[1] ?? parsed.to.trim()];
        fileMails.push({ ...parsed, file: f, raw, to, taken: false });
      }
      const fm = fileMails.find((x) => !x.taken && wanted(x));
      if (fm) {
        fm.taken = true;
        viaFile.push(`${fm.file} (${JSON.stringify(fm.subject)})`);
        return fm;
      }
      if (Date.now() > deadline) {
        const others = [...sink.mails, ...fileMails].filter((x) => !x.taken).map((x) => `to ${x.to.join(',')}: ${JSON.stringify(x.subject)}`);
        throw new Error(`no mail (${what}) at the SMTP sink within ${timeoutMs} ms; others not taken: ${others.join('; ') || 'none'}`);
      }
      await h.sleep(100);
    }
  };

  // Shared between the flows.
  const st = { files: {}, lastStep: {}, photos, bannerSecrets: [] };
  let base;
  let totpKeys;

  /** A fresh context in `lang` (the header link on the landing page, as run.mjs does). */
  const openContext = async (who, { switchLang = true, allow } = {}) => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(30_000);
    contexts.push(context);
    const page = await context.newPage();
    pages[who] = page;
    h.watchErrors(page, errors, `${who}: `, allow ?? (() => false));
    await page.goto(`${base}/`);
    if (lang === 'fr' && switchLang) {
      await page.locator('header .lang-switch').click();
      await page.waitForFunction(() => document.documentElement.lang === 'fr');
    }
    await h.expectLang(page, switchLang ? lang : 'en');
    return { context, page };
  };
  const noted = new Set();
  const warnOnce = (key, message) => {
    if (!noted.has(key)) h.warnings.push(`[${lang}] PR portal: ${message}`);
    noted.add(key);
  };
  const check = async (page, label) => {
    await h.expectLang(page, lang);
    await h.checkPage(page, lang, `pr-${label}`);
    // Duplicate ids: invalid HTML that axe no longer reports (its duplicate-id rules are deprecated).
    const dups = await page.evaluate(() => {
      const n = {};
      for (const e of document.querySelectorAll('[id]')) n[e.id] = (n[e.id] ?? 0) + 1;
      return Object.entries(n).filter(([, k]) => k > 1).map(([id, k]) => `id="${id}" ×${k}`);
    });
    const where = new URL(page.url()).pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>');
    if (dups.length) warnOnce(`dup ${where}`, `${where} (${label}) has duplicate ids: ${dups.join(', ')}`);
  };
  /** Signs a demo user in (password, then a TOTP code of a step not used before by that user). */
  const demoSignIn = async (page, user) => {
    await page.goto(`${base}/sign-in`);
    await page.fill('#username', user);
    await page.fill('#password', h.DEMO_PASSWORD);
    await h.submit(page, '/sign-in');
    await h.expectPath(page, '/sign-in/verify');
    while (h.totpStep() <= (st.lastStep[user] ?? -1) || (Date.now() / 1000) % 30 > 28.5) await h.sleep(250);
    const stepNow = h.totpStep();
    st.lastStep[user] = stepNow;
    await page.fill('#code', h.hotp(totpKeys[user], stepNow));
    await h.submit(page, '/sign-in/verify');
    await page.waitForURL((u) => u.pathname !== '/sign-in/verify', { timeout: 30_000 }).catch(async () => {
      throw new Error(`${user}: still on /sign-in/verify: ${await errorSummary(page)}`);
    });
    for (const c of await page.context().cookies()) if (c.value.length >= 32) secrets.add(c.value);
  };
  const isPrLook = async (page) => {
    const body = await page.getAttribute('body', 'class');
    h.assert(/\bpr\b/.test(body ?? ''), `${page.url()}: <body class> is ${JSON.stringify(body)}, expected "pr"`);
    const css = await page.locator('link[rel="stylesheet"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href')));
    h.assert(css.includes('/static/pr.css'), `${page.url()}: stylesheets ${JSON.stringify(css)}, expected /static/pr.css`);
  };
  const tagOf = (page, task) => text(page.locator(`#task-${task} .pr-tag`));
  const expectTags = async (page, want) => {
    for (const [task, state] of Object.entries(want)) {
      const got = await tagOf(page, task);
      h.assert(got === state, `${page.url()}: #task-${task} reads ${JSON.stringify(got)}, expected ${JSON.stringify(state)}`);
    }
  };

  try {
    // ------------------------------------------------------------ the instance
    sink = await startSmtpSink(h.parseEml);
    const port = await h.freePort();
    base = `http://localhost:${port}`;
    console.log(`PR portal (${lang}): data dir ${dir}, port ${port}, SMTP sink 127.0.0.1:${sink.port}`);
    const smtpEnv = {
      PORTAIL_MAIL__MODE: 'smtp',
      PORTAIL_MAIL__SMTP_HOST: '127.0.0.1',
      PORTAIL_MAIL__SMTP_PORT: String(sink.port),
      PORTAIL_MAIL__SMTP_SECURITY: 'none',
      PORTAIL_MAIL__POLL_MILLIS: '200',
    };
    server = await h.startServer(dir, port, smtpEnv);
    running.add(server);
    const banner = await readBanner(server.logPath, h);
    // The demo's seeding queues a mail per submitted file: where it lands tells whether the demo
    // sends over SMTP. If it writes files instead, the flows go on with `portail serve` (which
    // honours the mail settings) on the same data directory and port, demo look kept.
    let transport = null;
    for (const until = Date.now() + 10_000; !transport && Date.now() < until;) {
      if (sink.mails.length) transport = 'smtp';
      else if (h.mailFiles(mailDir).length) transport = 'files';
      else await h.sleep(100);
    }
    if (transport !== 'smtp') {
      await h.stopServer(server);
      running.delete(server);
      h.assert(server.exited()?.code === 0, `portail demo (seeding) exited with ${JSON.stringify(server.exited())}`);
      for (const f of h.mailFiles(mailDir)) seededFiles.add(f);
      warnOnce('demo-files', `\`portail demo\` ${transport === 'files' ? 'wrote its mail to files' : 'sent no mail within 10 s'} `
        + 'although PORTAIL_MAIL__MODE=smtp: the PR flows run on `portail serve` (PORTAIL_WEB__DEMO=true) over the seeded data directory');
      server = await h.startServer(dir, port, { ...smtpEnv, PORTAIL_WEB__DEMO: 'true' }, ['serve']);
      running.add(server);
    }
    console.log(`PR portal (${lang}): ${transport === 'smtp' ? 'portail demo' : 'portail serve on the demo data'}, mail over SMTP`);
    st.bannerSecrets = Object.values(banner.secrets);
    totpKeys = Object.fromEntries(Object.entries(banner.secrets).map(([u, s]) => [u, h.base32Decode(s)]));
    for (const f of banner.files) {
      if (f.born === AMIRA.born) st.files.amira = { number: f.number };
      if (f.born === KARIM.born) st.files.karim = { number: f.number };
    }
    h.assert(st.files.amira && st.files.karim, `the banner's PR files ${JSON.stringify(banner.files)} are not born ${AMIRA.born} and ${KARIM.born}`);
  } catch (e) {
    h.record(`[${lang}] PR portal: setup`, false, `${e.stack || e}`);
    for (const name of [FLOW_WAVE, FLOW_START, FLOW_REDEEM, FLOW_REVIEW]) h.record(`[${lang}] flow: ${name}`, false, 'not run: setup failed');
    await h.stopServer(server);
    running.delete(server);
    await sink?.close();
    return false;
  }

  // ------------------------------------------------------------ 1. the wave
  await flow('wave', FLOW_WAVE, async () => {
    step = 'demo-admin signs in';
    const { page } = await openContext('admin');
    await demoSignIn(page, 'demo-admin');
    if (new URL(page.url()).pathname !== '/office') await page.goto(`${base}/office`);
    await h.expectPath(page, '/office');
    await h.expectLang(page, lang);
    step = 'the work queue links to /office/pr';
    const link = page.locator('main a[href="/office/pr"]');
    h.assert(await link.count() === 1, `/office has ${await link.count()} links to /office/pr`);
    h.assert(await text(link) === t.wavesLink, `the link to /office/pr reads ${JSON.stringify(await text(link))}, expected ${t.wavesLink}`);
    await link.click();
    await h.expectPath(page, '/office/pr');
    await check(page, 'office-waves');

    step = 'save a rule (Express Entry) and preview it';
    await page.fill('#name', `Express Entry e2e ${lang}`);
    await page.selectOption('#type_id', 'express-entry');
    const save = page.locator('form[action="/office/pr/rules"] button[type="submit"]');
    h.assert(await text(save) === t.ruleSave, `the rule button reads ${JSON.stringify(await text(save))}, expected ${t.ruleSave}`);
    const saved = await post(page, save, '/office/pr/rules');
    h.assert(saved.status() === 303, `POST /office/pr/rules → ${saved.status()}, expected 303`);
    await page.waitForURL((u) => /^\/office\/pr\/rules\/[0-9a-f-]{36}$/.test(u.pathname));
    const matched = await text(page.locator('#matched'));
    h.assert(matched === t.matches2, `#matched reads ${JSON.stringify(matched)}, expected ${t.matches2}`);
    const sample = await text(page.locator('main table.data tbody'));
    for (const f of [st.files.amira, st.files.karim]) h.assert(sample.includes(f.number), `the sample table lacks ${f.number}: ${sample}`);
    await check(page, 'office-rule');

    step = 'run a wave and follow it to its end';
    const rulePath = new URL(page.url()).pathname;
    const run = page.locator(`form[action="${rulePath}/waves"] button[type="submit"]`);
    h.assert(await text(run) === t.waveRun, `the wave button reads ${JSON.stringify(await text(run))}, expected ${t.waveRun}`);
    await post(page, run, `${rulePath}/waves`);
    await page.waitForURL((u) => /^\/office\/pr\/waves\/[0-9a-f-]{36}$/.test(u.pathname));
    let state = await text(page.locator('#wave-state'));
    if (!state.startsWith(`${t.waveDone.split(' — ')[0]} —`)) {
      h.assert(state.startsWith(`${t.waveRunning} —`), `#wave-state reads ${JSON.stringify(state)}`);
      // The page refreshes itself every 3 s while the wave runs (<meta http-equiv="refresh">).
      await check(page, 'office-wave-running');
    }
    for (let i = 0; i < 40 && !state.startsWith(t.waveDone.split(' — ')[0]); i++) {
      await h.sleep(500);
      await page.reload();
      state = await text(page.locator('#wave-state'));
    }
    h.assert(state === t.waveDone, `#wave-state reads ${JSON.stringify(state)}, expected ${t.waveDone}`);
    h.assert(await page.locator('meta[http-equiv="refresh"]').count() === 0, 'the finished wave page still refreshes itself');
    await check(page, 'office-wave');

    step = 'the two invitations at the SMTP sink';
    for (const f of [st.files.amira, st.files.karim]) {
      const subject = `Your application ${f.number} moved to the PR portal`;
      const m = await takeMail((x) => norm(x.subject) === subject, `"${subject}"`);
      h.assert(m.to.includes(OWNER_EMAIL) && m.headers.to?.includes(OWNER_EMAIL), `the invitation for ${f.number} is to ${m.to} (header ${m.headers.to}), expected ${OWNER_EMAIL}`);
      const body = norm(m.body);
      h.assert(body.includes(f.number), `the invitation for ${f.number} does not name it:\n${m.body}`);
      h.assert(body.includes(`${base}/pr`), `the invitation for ${f.number} has no link to ${base}/pr:\n${m.body}`);
      const c = CODE_RE.exec(body);
      h.assert(c, `no "Your invite code: XXXX-…" in the invitation for ${f.number}:\n${m.body}`);
      f.code = c[1];
      secrets.add(c[1]);
      secrets.add(c[1].replace(/-/g, ''));
    }
    h.assert(st.files.amira.code !== st.files.karim.code, 'both files got the same code');
  });

  // ------------------------------------------------------------ 2. path A
  const newUser = `pr-${lang}-${crypto.randomBytes(3).toString('hex')}`;
  const newEmail = `${newUser}@example.test`;
  const amira = st.files.amira;
  let person;
  await flow('start', FLOW_START, async () => {
    step = 'the mail\'s link, signed out';
    const allow = (u, r) => r.request().method() === 'POST' && r.status() === 422
      && (u.pathname === '/pr/start' || /^\/pr\/files\/[0-9a-f-]{36}\/(presence|address|photo)$/.test(u.pathname));
    const { page } = await openContext('person', { allow });
    person = page;
    // The invitation says: go to /pr and choose "I have an invite code". Signed out, /pr leads to
    // the sign-in page; whether it offers /pr/start is reported (as a warning) rather than required.
    await page.goto(`${base}/pr`);
    if (await page.locator('a[href="/pr/start"]').count() === 0) {
      h.warnings.push(`[${lang}] PR portal: signed out, ${base}/pr leads to ${new URL(page.url()).pathname}, which has no link to /pr/start `
        + '(the invitation tells people without an account to choose "I have an invite code" there)');
    }

    step = '/pr/start with a wrong date of birth';
    await page.goto(`${base}/pr/start`);
    await h.expectPath(page, '/pr/start');
    await isPrLook(page);
    h.assert(await text(page.locator('main h1')) === t.startTitle, `/pr/start h1 reads ${JSON.stringify(await text(page.locator('main h1')))}`);
    await check(page, 'start');
    await page.fill('#code', amira.code);
    await fillIsoDate(page, 'date_of_birth', KARIM.born);
    await page.fill('#username', newUser);
    await page.fill('#email', newEmail);
    await page.fill('#password', h.PASSWORD);
    await page.fill('#password_confirm', h.PASSWORD);
    const button = page.locator('form[action="/pr/start"] button[type="submit"]');
    h.assert(await text(button) === t.startSubmit, `the /pr/start button reads ${JSON.stringify(await text(button))}, expected ${t.startSubmit}`);
    const refused = await post(page, button, '/pr/start');
    h.assert(refused.status() === 422, `POST /pr/start with a wrong date of birth → ${refused.status()}, expected 422`);
    await h.expectPath(page, '/pr/start');
    const err = await errorSummary(page);
    h.assert(err.includes(t.inviteUnknown), `the error reads ${JSON.stringify(err)}, expected "${t.inviteUnknown}…"`);
    h.assert(await page.inputValue('#username') === newUser && await typedIsoDate(page, 'date_of_birth') === KARIM.born,
      'the refused /pr/start form did not keep the username and date of birth');
    await check(page, 'start-wrong-birth-date');

    step = '/pr/start with the right date of birth';
    await page.fill('#code', amira.code);
    await fillIsoDate(page, 'date_of_birth', AMIRA.born);
    await page.fill('#password', h.PASSWORD);
    await page.fill('#password_confirm', h.PASSWORD);
    const created = await post(page, button, '/pr/start');
    h.assert(created.status() === 303, `POST /pr/start → ${created.status()}, expected 303`);
    await h.expectPath(page, '/register/confirm-email');
    await check(page, 'confirm-email');

    step = 'the email code, from the SMTP sink';
    const mail = await takeMail((x) => x.to.includes(newEmail), `the confirmation code to ${newEmail}`);
    h.assert(mail.subject.includes(tt.mailSubject), `the confirmation mail's subject is ${JSON.stringify(mail.subject)}, expected "${tt.mailSubject}"`);
    const code = tt.mailCode.exec(mail.body);
    h.assert(code, `no ${lang} confirmation code in the mail:\n${mail.body}`);
    await page.fill('#code', code[1]);
    await h.submit(page, '/register/confirm-email');

    step = 'TOTP enrolment';
    await h.expectPath(page, '/mfa/enrol');
    await check(page, 'mfa-enrol');
    const secretText = (await page.locator('#totp-secret').innerText()).trim();
    secrets.add(secretText.replace(/\s+/g, ''));
    const key = h.base32Decode(secretText);
    if ((Date.now() / 1000) % 30 > 28.5) await h.sleep(2000);
    await page.fill('#code', h.hotp(key, h.totpStep()));
    await h.submit(page, '/mfa/enrol');
    await page.waitForSelector('#recovery-codes li code');
    for (const c of await page.locator('#recovery-codes li code').allInnerTexts()) secrets.add(c.trim());
    for (const c of await page.context().cookies()) if (c.value.length >= 32) secrets.add(c.value);
    await check(page, 'recovery-codes');
    await page.click('main a[href="/home"]');

    step = '/home offers the PR portal';
    await h.expectPath(page, '/home');
    const go = page.locator('main a.button[href="/pr"]');
    h.assert(await go.count() === 1, `/home has ${await go.count()} buttons to /pr`);
    h.assert(await text(go) === t.prGo, `the /home button reads ${JSON.stringify(await text(go))}, expected ${t.prGo}`);
    await check(page, 'home-new-account');
    await go.click();

    step = '/pr lists the file';
    await h.expectPath(page, '/pr');
    await isPrLook(page);
    const cards = page.locator('main li.pr-card');
    h.assert(await cards.count() === 1, `/pr shows ${await cards.count()} cards, expected 1`);
    const cardId = await cards.getAttribute('id');
    h.assert(/^file-[0-9a-f-]{36}$/.test(cardId ?? ''), `the card's id is ${JSON.stringify(cardId)}`);
    amira.id = cardId.slice('file-'.length);
    const card = await text(cards);
    h.assert(card.includes(amira.number), `the card does not show ${amira.number}: ${card}`);
    h.assert(card.includes(t.progress(0, 5)), `the card does not say "${t.progress(0, 5)}": ${card}`);
    await check(page, 'home');
    const filePath = `/pr/files/${amira.id}`;
    await cards.locator(`a[href="${filePath}"]`).click();
    await h.expectPath(page, filePath);
    await expectTags(page, { presence: t.todo, address: t.todo, photo: t.todo, ecopr: t.cannotStart, card: t.cannotStart });
    await check(page, 'file');

    step = 'presence: without a choice, then in Canada';
    await page.click(`#task-presence a[href="${filePath}/presence"]`);
    await h.expectPath(page, `${filePath}/presence`);
    await check(page, 'presence');
    const sendPresence = page.locator(`form[action="${filePath}/presence"] button[type="submit"]`);
    h.assert(await text(sendPresence) === t.send, `the presence button reads ${JSON.stringify(await text(sendPresence))}`);
    const noChoice = await post(page, sendPresence, `${filePath}/presence`);
    h.assert(noChoice.status() === 422, `POST presence without a choice → ${noChoice.status()}, expected 422`);
    const presenceErr = await errorSummary(page);
    h.assert(presenceErr.includes(t.presenceChoose), `the presence error reads ${JSON.stringify(presenceErr)}, expected "${t.presenceChoose}"`);
    await check(page, 'presence-error');
    await page.check('#presence-in');
    await fillIsoDate(page, 'entered_on', ENTERED);
    const sent = await post(page, sendPresence, `${filePath}/presence`);
    h.assert(sent.status() === 303, `POST presence → ${sent.status()}, expected 303`);
    await h.expectPath(page, filePath, '?m=sent');
    await expectTags(page, { presence: t.waiting });
    if (await page.locator('main [role="status"], main .pr-alert').count() === 0) {
      warnOnce('sent', `after a task is sent, ${filePath}?m=sent shows no notice (the page ignores ?m=sent)`);
    }

    step = 'address: a postal code of another province, then Quebec';
    await page.click(`#task-address a[href="${filePath}/address"]`);
    await h.expectPath(page, `${filePath}/address`);
    const details = await text(page.locator('main dl.pr-summary'));
    h.assert(details.includes(AMIRA.name) && details.includes(AMIRA.born), `the address page does not show ${AMIRA.name}, ${AMIRA.born}: ${details}`);
    await check(page, 'address');
    await page.check('#details_confirmed');
    await page.fill('#address_line', '1234 rue Saint-Denis, app. 5');
    await page.fill('#city', 'Montréal');
    await page.selectOption('#province', 'ON');
    await page.fill('#postal_code', POSTAL);
    const sendAddress = page.locator(`form[action="${filePath}/address"] button[type="submit"]`);
    const wrongProvince = await post(page, sendAddress, `${filePath}/address`);
    h.assert(wrongProvince.status() === 422, `POST address (H2X in Ontario) → ${wrongProvince.status()}, expected 422`);
    const addressErr = await errorSummary(page);
    h.assert(addressErr.includes(t.postalProvince), `the address error reads ${JSON.stringify(addressErr)}, expected "${t.postalProvince}"`);
    h.assert(await page.inputValue('#postal_code') === POSTAL && await page.inputValue('#city') === 'Montréal', 'the refused address form did not keep what was typed');
    await check(page, 'address-error');
    await page.check('#details_confirmed');
    await page.selectOption('#province', 'QC');
    const addressSent = await post(page, sendAddress, `${filePath}/address`);
    h.assert(addressSent.status() === 303, `POST address → ${addressSent.status()}, expected 303`);
    await h.expectPath(page, filePath, '?m=sent');
    await expectTags(page, { address: t.waiting });

    step = 'photo: square first, then 700 × 900';
    await page.click(`#task-photo a[href="${filePath}/photo"]`);
    await h.expectPath(page, `${filePath}/photo`);
    await check(page, 'photo');
    await page.setInputFiles('#file', st.photos.square);
    const sendPhoto = page.locator(`form[action="${filePath}/photo"] button[type="submit"]`);
    const square = await post(page, sendPhoto, `${filePath}/photo`);
    h.assert(square.status() === 422, `POST photo (900 × 900) → ${square.status()}, expected 422`);
    const photoErr = await errorSummary(page);
    h.assert(photoErr.includes(t.photoShape), `the photo error reads ${JSON.stringify(photoErr)}, expected "${t.photoShape}…"`);
    await check(page, 'photo-error');
    await page.setInputFiles('#file', st.photos.good);
    const photoSent = await post(page, sendPhoto, `${filePath}/photo`);
    h.assert(photoSent.status() === 303, `POST photo (700 × 900) → ${photoSent.status()}, expected 303`);
    await h.expectPath(page, filePath, '?m=sent');
    await expectTags(page, { presence: t.waiting, address: t.waiting, photo: t.waiting, ecopr: t.cannotStart });
    await check(page, 'file-sent');
  });

  // ------------------------------------------------------------ 3. path B
  const karim = st.files.karim;
  await flow('redeem', FLOW_REDEEM, async () => {
    step = 'demo-applicant signs in';
    const allow = (u, r) => (r.request().method() === 'POST' && r.status() === 422 && u.pathname === '/pr/redeem')
      || (r.status() === 404 && u.pathname === `/pr/files/${amira.id}`);
    // In French, demo-applicant switches once signed in: that makes the account French too (and
    // so the eCOPR, written in the owner's language).
    const { page } = await openContext('owner', { switchLang: false, allow });
    await demoSignIn(page, 'demo-applicant');
    await h.expectPath(page, '/home');
    if (lang === 'fr') {
      await page.locator('header .lang-switch').click();
      await page.waitForFunction(() => document.documentElement.lang === 'fr');
      await h.expectPath(page, '/home');
    }
    await h.expectLang(page, lang);

    step = '/home lists both files as moved';
    const moved = page.locator('main section[aria-labelledby="moved-heading"]');
    h.assert(await text(moved.locator('h2')) === t.movedHeading, `the moved section's heading reads ${JSON.stringify(await text(moved.locator('h2')))}, expected ${t.movedHeading}`);
    const amiraRow = await text(moved.locator(`#moved-${amira.number}`));
    const karimRow = await text(moved.locator(`#moved-${karim.number}`));
    h.assert(amiraRow.includes(t.movedRedeemed), `the row of ${amira.number} (redeemed) reads ${JSON.stringify(amiraRow)}, expected "…${t.movedRedeemed}…"`);
    h.assert(karimRow.includes(t.movedCodeSent), `the row of ${karim.number} reads ${JSON.stringify(karimRow)}, expected "…${t.movedCodeSent}…"`);
    await check(page, 'owner-home-moved');

    step = '/pr/redeem: a wrong code, then Karim\'s code in lower case with spaces';
    const redeemLink = moved.locator(`#moved-${karim.number} a[href="/pr/redeem"]`);
    h.assert(await text(redeemLink) === t.prGo, `the link in the row of ${karim.number} reads ${JSON.stringify(await text(redeemLink))}`);
    await redeemLink.click();
    await h.expectPath(page, '/pr/redeem');
    await isPrLook(page);
    h.assert(await text(page.locator('main h1')) === t.redeemTitle, `/pr/redeem h1 reads ${JSON.stringify(await text(page.locator('main h1')))}`);
    await check(page, 'redeem');
    const addButton = page.locator('form[action="/pr/redeem"] button[type="submit"]');
    h.assert(await text(addButton) === t.redeemSubmit, `the redeem button reads ${JSON.stringify(await text(addButton))}, expected ${t.redeemSubmit}`);
    // A well-formed code that was never issued (the first group changed).
    const wrong = `${karim.code.startsWith('0000') ? '1111' : '0000'}${karim.code.slice(4)}`;
    await page.fill('#code', wrong);
    const refused = await post(page, addButton, '/pr/redeem');
    h.assert(refused.status() === 422, `POST /pr/redeem with an unknown code → ${refused.status()}, expected 422`);
    const err = await errorSummary(page);
    h.assert(err.includes(t.inviteUnknown), `the redeem error reads ${JSON.stringify(err)}, expected "${t.inviteUnknown}…"`);
    await check(page, 'redeem-error');
    const typed = karim.code.toLowerCase().replace(/-/g, ' ');
    await page.fill('#code', typed);
    const added = await post(page, addButton, '/pr/redeem');
    h.assert(added.status() === 303, `POST /pr/redeem (${JSON.stringify(typed)}) → ${added.status()}, expected 303`);
    await page.waitForURL((u) => u.pathname === '/pr' && /^\?added=[0-9a-f-]{36}$/.test(u.search));
    karim.id = new URL(page.url()).searchParams.get('added');
    const notice = await text(page.locator('main .pr-alert-success'));
    h.assert(notice === t.fileAdded, `the notice reads ${JSON.stringify(notice)}, expected ${t.fileAdded}`);
    const cards = await page.locator('main li.pr-card').evaluateAll((ls) => ls.map((l) => l.id));
    h.assert(cards.length === 1 && cards[0] === `file-${karim.id}`, `/pr shows the cards ${JSON.stringify(cards)}, expected only file-${karim.id}`);
    h.assert((await text(page.locator(`#file-${karim.id}`))).includes(karim.number), `the card does not show ${karim.number}`);
    await check(page, 'owner-pr-added');

    step = 'both portals, one sign-in';
    await page.click(`header a[href="/home"]`);
    await h.expectPath(page, '/home');
    h.assert(await text(page.locator('main h1')) === tt.homeTitle, `/home h1 reads ${JSON.stringify(await text(page.locator('main h1')))}`);
    const karimNow = await text(page.locator(`#moved-${karim.number}`));
    h.assert(karimNow.includes(t.movedRedeemed), `after redeeming, the row of ${karim.number} reads ${JSON.stringify(karimNow)}`);
    h.assert(await page.locator('main a.button[href="/pr"]').count() === 1, '/home has no "Go to the PR portal" button after redeeming');
    await check(page, 'owner-home-after');
    await page.click('main a.button[href="/pr"]');
    await h.expectPath(page, '/pr');
    await page.click(`a[href="/pr/files/${karim.id}"]`);
    await h.expectPath(page, `/pr/files/${karim.id}`);
    await expectTags(page, { presence: t.todo, address: t.todo, photo: t.todo });
    await check(page, 'owner-file');
    // Amira's file is the new account's now: not here.
    const other = await page.goto(`${base}/pr/files/${amira.id}`);
    h.assert(other.status() === 404, `demo-applicant opening the file redeemed by another account → ${other.status()}, expected 404`);
  });

  // ------------------------------------------------------------ 4. the officer's review, the eCOPR
  await flow('review', FLOW_REVIEW, async () => {
    step = 'demo-officer signs in';
    const { page: officer } = await openContext('officer');
    await demoSignIn(officer, 'demo-officer');
    const prPath = `/office/files/${amira.id}/pr`;
    await officer.goto(`${base}/office/files/${amira.id}`);
    await h.expectPath(officer, `/office/files/${amira.id}`);
    await officer.click(`main a[href="${prPath}"]`);
    await h.expectPath(officer, prPath);
    h.assert(await text(officer.locator('main h1')) === t.officeTitle, `${prPath} h1 reads ${JSON.stringify(await text(officer.locator('main h1')))}`);
    for (const task of ['presence', 'address', 'photo']) {
      h.assert(await officer.locator(`#review-${task} form`).count() === 1, `${prPath}: no review form in #review-${task}`);
    }
    await check(officer, 'office-file-pr');

    /** Officer: the decision on `task` (accept, or return with `note`). */
    const decide = async (task, decision, note = '') => {
      const panel = officer.locator(`#review-${task}`);
      await panel.locator(`input[name="decision"][value="${decision}"]`).check();
      if (note) await panel.locator('textarea[name="note"]').fill(note);
      const button = panel.locator('button[type="submit"]');
      const label = await text(button);
      h.assert(label.startsWith(t.decision), `the ${task} button reads ${JSON.stringify(label)}, expected "${t.decision}…"`);
      const res = await post(officer, button, `${prPath}/review/${task}`);
      h.assert(res.status() === 303, `POST ${prPath}/review/${task} (${decision}) → ${res.status()}, expected 303`);
      await h.expectPath(officer, prPath, '?m=reviewed');
      const notice = await text(officer.locator('main .notice'));
      h.assert(notice.includes(t.reviewed), `after the ${task} decision, the notice reads ${JSON.stringify(notice)}`);
    };

    step = 'the photo is sent back with a reason';
    await decide('photo', 'return', t.returnReason);
    h.assert(await officer.locator('#review-photo form').count() === 0, 'the photo still has a review form once sent back');
    await check(officer, 'office-file-pr-returned');
    const returnedMail = await takeMail((x) => x.to.includes(newEmail) && x.subject.includes(t.returnedMail), `"${t.returnedMail}" to ${newEmail}`);
    h.assert(returnedMail.body.includes(`${base}/pr/files/${amira.id}`), `the "sent back" mail has no link to the file:\n${returnedMail.body}`);
    h.assert(!returnedMail.body.includes(t.returnReason), 'the "sent back" mail holds the reason (personal data stays in the portal)');

    step = 'the person sees why, and uploads again';
    const filePath = `/pr/files/${amira.id}`;
    await person.goto(`${base}${filePath}`);
    await expectTags(person, { presence: t.waiting, address: t.waiting, photo: t.returned });
    const note = await text(person.locator('#task-photo .pr-task-note'));
    h.assert(note === norm(`${t.returnedBecause} ${t.returnReason}`), `#task-photo's note reads ${JSON.stringify(note)}`);
    await check(person, 'file-returned');
    await person.click(`#task-photo a[href="${filePath}/photo"]`);
    await h.expectPath(person, `${filePath}/photo`);
    await check(person, 'photo-again');
    await person.setInputFiles('#file', st.photos.good);
    const again = await post(person, person.locator(`form[action="${filePath}/photo"] button[type="submit"]`), `${filePath}/photo`);
    h.assert(again.status() === 303, `POST photo again → ${again.status()}, expected 303`);
    await h.expectPath(person, filePath, '?m=sent');
    await expectTags(person, { photo: t.waiting });

    step = 'live update: the officer accepts the presence while the file page is open';
    // The stream must be open before the decision: it reports changes after its start.
    const stream = person.waitForResponse((r) => new URL(r.url()).pathname === `${filePath}/events`, { timeout: 15_000 });
    await person.goto(`${base}${filePath}`);
    await person.evaluate(() => { window.e2eSamePage = true; });
    const streamRes = await stream.catch(() => { throw new Error(`${filePath} opened no ${filePath}/events stream (pr.js)`); });
    h.assert(streamRes.status() === 200 && (streamRes.headers()['content-type'] || '').startsWith('text/event-stream'),
      `${filePath}/events → ${streamRes.status()} ${streamRes.headers()['content-type']}`);
    await h.sleep(300);
    await officer.goto(`${base}${prPath}`);
    await decide('presence', 'accept');
    const started = Date.now();
    await person.waitForFunction((want) => document.querySelector('#task-presence .pr-tag')?.textContent.trim() === want, t.accepted, { timeout: 15_000 })
      .catch(async () => { throw new Error(`#task-presence still reads ${JSON.stringify(await tagOf(person, 'presence'))} 15 s after the officer accepted it`); });
    h.assert(await person.evaluate(() => window.e2eSamePage === true), 'the file page was reloaded instead of updated in place');
    const live = await text(person.locator('#live-status'));
    h.assert(live === t.liveUpdated, `#live-status reads ${JSON.stringify(live)}, expected ${t.liveUpdated}`);
    console.log(`  (${lang}) live update after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await check(person, 'file-live-updated');

    step = 'the officer accepts the address and the photo, and issues the eCOPR';
    await decide('address', 'accept');
    await decide('photo', 'accept');
    const issue = officer.locator(`form[action="${prPath}/ecopr"] button[type="submit"]`);
    h.assert(await text(issue) === t.issueEcopr, `the eCOPR button reads ${JSON.stringify(await text(issue))}, expected ${t.issueEcopr}`);
    await check(officer, 'office-file-pr-accepted');
    const issued = await post(officer, issue, `${prPath}/ecopr`);
    h.assert(issued.status() === 303, `POST ${prPath}/ecopr → ${issued.status()}, expected 303`);
    await h.expectPath(officer, prPath, '?m=ecopr');
    h.assert((await text(officer.locator('main .notice'))).includes(t.ecoprIssued), `after issuing, the notice reads ${JSON.stringify(await text(officer.locator('main .notice')))}`);
    await check(officer, 'office-file-pr-ecopr');
    await takeMail((x) => x.to.includes(newEmail) && x.subject.includes(t.ecoprMail), `"${t.ecoprMail}" to ${newEmail}`);

    step = 'the person downloads the eCOPR';
    await person.goto(`${base}${filePath}`);
    await expectTags(person, { presence: t.accepted, address: t.accepted, photo: t.accepted, ecopr: t.ecoprReady });
    const pdfLink = person.locator(`#task-ecopr a[href="${filePath}/ecopr.pdf"]`);
    h.assert(await pdfLink.count() === 1, `#task-ecopr has no link to ${filePath}/ecopr.pdf`);
    await check(person, 'file-ecopr');
    const res = await person.request.get(`${base}${filePath}/ecopr.pdf`);
    const type = res.headers()['content-type'] || '';
    const disposition = res.headers()['content-disposition'] || '';
    const bytes = await res.body();
    h.assert(res.status() === 200, `GET ${filePath}/ecopr.pdf → ${res.status()}`);
    h.assert(type.startsWith('application/pdf'), `GET ${filePath}/ecopr.pdf: content-type ${JSON.stringify(type)}`);
    h.assert(/^attachment\b/.test(disposition), `GET ${filePath}/ecopr.pdf: content-disposition ${JSON.stringify(disposition)}, expected an attachment`);
    h.assert(bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'the eCOPR is not a PDF');
    const pdf = norm(h.pdfText(bytes, path.join(dir, `ecopr-${lang}.pdf`)));
    // The eCOPR is in the owner's language: demo-applicant switched to French in the French run.
    for (const want of [t.ecoprTitle, AMIRA.name, amira.number, AMIRA.born, ENTERED, POSTAL]) {
      h.assert(pdf.includes(want), `the eCOPR's text lacks ${JSON.stringify(want)}: ${JSON.stringify(pdf)}`);
    }
    const uci = new RegExp(`${AMIRA.born} (\\S+ )?${ENTERED}`).exec(pdf);
    if (uci && !uci[1]) warnOnce('uci', `the eCOPR's "UCI" line has no value (${filePath}/ecopr.pdf)`);
    const other = PR_TEXT[lang === 'en' ? 'fr' : 'en'].ecoprTitle;
    h.assert(!pdf.includes(other), `the ${lang} eCOPR also holds ${JSON.stringify(other)}`);
  });

  // ------------------------------------------------------------ the instance stops
  for (const c of contexts) await c.close().catch(() => {});
  for (const e of errors) h.warnings.push(`[${lang}] PR portal: ${e}`);
  const flowsOk = !Object.values(results).includes(false);
  const instanceCheck = (name, body) => {
    try {
      body();
      h.record(`[${lang}] PR portal instance: ${name}`, true);
    } catch (e) {
      h.record(`[${lang}] PR portal instance: ${name}`, false, `[${lang}] ${e.message}`);
    }
  };
  instanceCheck('mail goes over SMTP only (no mail files)', () => {
    const files = h.mailFiles(mailDir).filter((f) => !seededFiles.has(f));
    h.assert(files.length === 0, `portail wrote ${files.length} mails to files in ${mailDir} instead of sending them over SMTP `
      + `(PORTAIL_MAIL__MODE=smtp was set)${viaFile.length ? `; the flows read ${viaFile.length} of them there: ${viaFile.join(', ')}` : ''}`);
    // 2 invitations, the email code, "sent back", "eCOPR ready" (and the demo's own mail).
    const taken = sink.mails.filter((m) => m.taken).length;
    if (flowsOk) h.assert(taken === 5, `the flows took ${taken} mails from the SMTP sink, expected 5`);
  });
  await h.stopServer(server);
  running.delete(server);
  await sink.close();
  instanceCheck('stops cleanly on SIGTERM', () => {
    h.assert(server.exited()?.code === 0, `exit: ${JSON.stringify(server.exited())}`);
  });
  instanceCheck('portail audit verify passes', () => {
    const verify = spawnSync(h.BIN, ['audit', 'verify'], { env: { ...process.env, PORTAIL_DATA_DIR: dir, PORTAIL_LOG_FORMAT: 'json' }, encoding: 'utf8' });
    h.assert(verify.status === 0 && /audit log intact: \d+ entries/.test(verify.stdout), `exit ${verify.status}: ${verify.stdout} ${verify.stderr}`);
  });
  const bannerOnly = [h.DEMO_PASSWORD, ...st.bannerSecrets];
  instanceCheck(`its log holds none of the ${secrets.size + bannerOnly.length} secrets seen`, () => {
    const log = fs.readFileSync(server.logPath, 'utf8');
    const logButBanner = log.split('\n').filter((line) => !h.BANNER_RES.some((re) => re.test(line))).join('\n');
    const leaked = [...secrets].filter((x) => log.includes(x)).concat(bannerOnly.filter((x) => logButBanner.includes(x)));
    h.assert(leaked.length === 0, `${leaked.length} secrets are in ${server.logPath}`);
  });
  return !Object.values(results).includes(false);
}

/** The two photos (written once into `dir`): 900 × 900 (wrong shape) and 700 × 900. */
export async function makePrPhotos(browser, dir) {
  fs.mkdirSync(dir, { recursive: true });
  return {
    square: await makeJpeg(browser, 900, 900, path.join(dir, 'pr-photo-square.jpg')),
    good: await makeJpeg(browser, 700, 900, path.join(dir, 'pr-photo.jpg')),
  };
}
