#!/usr/bin/env node
// Browser end-to-end test of portail: starts `portail demo` on a free port with a fresh data
// directory, then in headless Chromium registers an account, confirms the email code read from
// the demo mail files, enrols TOTP, keeps the recovery codes, signs out and in again — once in
// English and once in French — and runs axe-core (WCAG 2.0/2.1 A and AA) on every page visited.
// Each language also applies for a visitor visa, and then demo-officer (a second browser context)
// asks for documents, the applicant answers by upload, and the officer approves (letter as PDF).
// Each language then signs in through two test Sign-In Partners (OpenID providers, partners.mjs),
// and runs the PR portal on an instance of its own whose mail goes to an SMTP sink (pr.mjs), and
// a representative's flow: verified, appointed, answers a request, refused after revocation (reps.mjs),
// and a maintenance window: announced ahead, read-only while it runs, ended (maintenance.mjs).
//
//   E2E_PORTAIL_BIN=/path/to/portail node e2e/run.mjs      (default: ../target/debug/portail)
//   E2E_KEEP_TMP=1 keeps the temporary data directory even on success.
//   E2E_ONLY=pr runs the PR-portal flows only (the others are not run, nor counted).
//
// Prints `N passed, M failed` last and exits non-zero on any failure.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { killPartners, norm, partnerEnv, partnerFlows, partnerSecrets, startPartners, stopPartners } from './partners.mjs';
import { killPrServers, makePrPhotos, prFlows } from './pr.mjs';
import { repFlows } from './reps.mjs';
import { maintenanceFlows } from './maintenance.mjs';

const require = createRequire(import.meta.url);
const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.E2E_PORTAIL_BIN
  ? path.resolve(process.cwd(), process.env.E2E_PORTAIL_BIN)
  : path.resolve(E2E_DIR, '../target/debug/portail');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = path.join(E2E_DIR, 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PASSWORD = 'correct horse battery staple 42';
// Every secret the flows see; none may appear in the server's log (ASVS 16.2.5).
// The demo card number too: card numbers must never be logged.
const DEMO_CARD = '4242 4242 4242 4242';
const SECRETS = new Set([PASSWORD, DEMO_CARD.replace(/\s+/g, '')]);
// As typed, the card number is also in `portail demo`'s start-up banner (a hint for testers, printed
// once the server already answers), so this form is looked for in every line but that one. The same
// goes for the demo staff password and the officer's TOTP secret, which the banner prints too.
const DEMO_PASSWORD = 'demo passphrase for portail';
const SECRETS_BUT_BANNER = new Set([DEMO_CARD, DEMO_PASSWORD]);
const BANNER_RES = [
  /^\s*Test card for the demo payment: /,
  /^\s*Demo sign-ins \(password for all: /,
  /^\s*demo-[a-z]+\s+[a-z]+\s+TOTP secret [A-Z2-7]+\s*$/,
];
const OFFICER = 'demo-officer';
const EMAIL = 'x@example.com';
const RECOVERY_RE = /^[a-z0-9]{4}(-[a-z0-9]{4}){5}$/i;

// ---------------------------------------------------------------- bookkeeping

const results = []; // { name, ok, error }
const warnings = [];

function record(name, ok, error) {
  results.push({ name, ok, error });
  const line = ok ? `  ok    ${name}` : `  FAIL  ${name}\n${indent(String(error), 8)}`;
  console.log(line);
}

function indent(text, n) {
  const pad = ' '.repeat(n);
  return text.split('\n').map((l) => pad + l).join('\n');
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- TOTP (RFC 4648 base32, RFC 6238)

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${JSON.stringify(ch)} in ${JSON.stringify(text)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpStep(nowMs = Date.now()) {
  return Math.floor(nowMs / 1000 / 30);
}

export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

function selfTest() {
  // The mail parser, on the encodings lettre may choose.
  const b64 = parseEml('Subject: =?utf-8?b?Vm90cmUgY29kZQ==?=\r\n =?utf-8?q?_de_confirmation?=\r\n'
    + 'Content-Transfer-Encoding: base64\r\n\r\n' + Buffer.from('Votre code est\u00a0: 12345678').toString('base64') + '\r\n');
  assert(b64.subject === 'Votre code de confirmation', `RFC 2047 self-test: ${JSON.stringify(b64.subject)}`);
  assert(TEXT.fr.mailCode.test(`Votre code pour confirmer votre adresse courriel est\u00a0: 12345678`), 'French code regex self-test');
  assert(b64.body.endsWith('12345678'), 'base64 body self-test');
  const qp = parseEml('Content-Transfer-Encoding: quoted-printable\n\ncr=C3=A9=C3=A9 ab=\ncd');
  assert(qp.body === 'créé abcd', `quoted-printable self-test: ${JSON.stringify(qp.body)}`);

  // RFC 6238 appendix B, SHA-1, T = 59 s → 94287082 (8 digits); 6 digits → 287082.
  const key = base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'); // "12345678901234567890"
  assert(key.toString() === '12345678901234567890', 'base32 decoding self-test');
  assert(hotp(key, totpStep(59_000), 8) === '94287082', 'TOTP self-test (RFC 6238 vector)');
  assert(hotp(key, totpStep(1_111_111_109_000), 6) === '081804', 'TOTP self-test (6 digits)');
}

// ---------------------------------------------------------------- RFC 5322 mail files

function decodeQuotedPrintable(body) {
  const soft = body.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(value) {
  // RFC 2047: =?charset?B|Q?text?= ; whitespace between two encoded words is dropped.
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, text) => {
      const buf = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'utf8');
      return new TextDecoder(charset.toLowerCase()).decode(buf);
    });
}

export function parseEml(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rawBody = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) headers[m[1].toLowerCase()] = m[2];
  }
  const cte = (headers['content-transfer-encoding'] || '7bit').trim().toLowerCase();
  let body;
  if (cte === 'base64') body = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable') body = decodeQuotedPrintable(rawBody);
  else body = rawBody;
  return { headers, subject: decodeEncodedWords(headers.subject || ''), to: headers.to || '', body, cte };
}

function mailFiles(dir) {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
}

async function waitForNewMail(dir, seen, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fresh = mailFiles(dir).filter((f) => !seen.has(f));
    if (fresh.length) {
      const newest = fresh
        .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
        .sort((a, b) => a.t - b.t || a.f.localeCompare(b.f))
        .pop().f;
      return { file: newest, mail: parseEml(fs.readFileSync(path.join(dir, newest), 'utf8')) };
    }
    await sleep(100);
  }
  throw new Error(`no new mail in ${dir} within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------- server

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(tmp, port, extraEnv = {}, args = ['demo']) {
  assert(fs.existsSync(BIN), `binary not found: ${BIN} (set E2E_PORTAIL_BIN)`);
  const logPath = path.join(tmp, 'server.log');
  const log = fs.openSync(logPath, 'a');
  const env = {
    ...process.env,
    PORTAIL_LISTEN: `127.0.0.1:${port}`,
    PORTAIL_DATA_DIR: tmp,
    PORTAIL_LOG_FORMAT: 'json',
    PORTAIL_WEB__PUBLIC_URL: `http://localhost:${port}`,
    PORTAIL_MAIL__POLL_MILLIS: '200',
    ...extraEnv,
  };
  // The working directory is the temp dir, so that no stray ./portail.toml is read.
  const child = spawn(BIN, args, { cwd: tmp, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`portail exited early (${JSON.stringify(exited)}); log:\n${tail(logPath)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return { child, logPath, exited: () => exited };
    } catch { /* not up yet */ }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`portail did not answer /healthz within 90 s; log:\n${tail(logPath)}`);
}

async function stopServer(server) {
  if (!server || server.exited()) return;
  server.child.kill('SIGTERM');
  for (let i = 0; i < 50 && !server.exited(); i++) await sleep(100);
  if (!server.exited()) server.child.kill('SIGKILL');
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------- page helpers

let shotCounter = 0;

/** Screenshot + axe-core check of the current page, recorded as one test. */
/**
 * French typography on the page as shown: the signs `: ; ? !` and `»` never follow an ordinary
 * space or a letter directly, `«` is never followed by an ordinary space (they take a
 * non-breaking one). Code, inputs and addresses are left out. Returns the offending snippets.
 */
async function frenchTypographyFaults(page) {
  return page.evaluate(() => {
    const faults = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const bad = /( [:;?!»])(?=\s|$|\))|([\p{L}\d)][;?!:])(?=\s|$)|(« )/gu;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('code, pre, script, style, textarea, [translate="no"], [lang]:not([lang^="fr"])')) continue;
      const text = n.textContent;
      for (const m of text.matchAll(bad)) faults.push(text.slice(Math.max(0, m.index - 25), m.index + 5).trim());
    }
    return faults;
  });
}

async function checkPage(page, lang, label) {
  const name = `[${lang}] axe: ${label} (${new URL(page.url()).pathname})`;
  const viewport = page.viewportSize();
  if (viewport && viewport.width <= 400) {
    // At phone width no page scrolls sideways: name what sticks out.
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= limit + 1) return null;
      const out = [...document.querySelectorAll('body *')].filter((e) => !e.closest('.table-scroll, .visually-hidden, .skip-link')
        && (e.getBoundingClientRect().right > limit + 1
          || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')));
      return `${document.documentElement.scrollWidth} px > ${limit} px: ${out.slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? `.${e.className}` : '')).join(', ')}`;
    }).catch((e) => `(check failed: ${e.message})`);
    record(`[${lang}] phone width: ${label}`, wide === null, `the page scrolls sideways on ${page.url()}: ${wide}`);
  }
  if (lang === 'fr') {
    const faults = await frenchTypographyFaults(page).catch((e) => [`(check failed: ${e.message})`]);
    record(`[fr] typography: ${label}`, faults.length === 0,
      `spaces before French punctuation on ${page.url()}: ${JSON.stringify(faults.slice(0, 8))}`);
  }
  shotCounter += 1;
  const file = path.join(SCREENSHOTS, `${String(shotCounter).padStart(3, '0')}-${lang}-${label.replace(/[^a-z0-9]+/gi, '-')}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    warnings.push(`screenshot ${file} failed: ${e.message}`);
  }
  try {
    const already = await page.evaluate(() => typeof window.axe !== 'undefined');
    if (!already) await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: tags, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      }));
    }, AXE_TAGS);
    if (violations.length) {
      const text = violations
        .map((v) => `${v.id} (${v.impact}): ${v.help}\n` +
          v.nodes.map((n) => `  - ${n.target}\n    ${n.html}\n    ${(n.summary || '').replace(/\n/g, '\n    ')}`).join('\n'))
        .join('\n');
      record(name, false, `axe violations on ${page.url()}:\n${text}`);
    } else {
      record(name, true);
    }
  } catch (e) {
    record(name, false, e.stack || e);
  }
}

/**
 * Collects script errors and unexpected HTTP errors of `page` into `sink` (reported as warnings).
 * `allow(url, response)` may accept more error statuses as expected.
 */
function watchErrors(page, sink, who = '', allow = () => false) {
  page.on('pageerror', (e) => sink.push(`${who}pageerror on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported below with their address, from the response itself.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) sink.push(`${who}console error on ${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    const expected = (u.pathname === '/e2e-no-such-page' && r.status() === 404)
      || (['/sign-in/verify', '/mfa/enrol'].includes(u.pathname) && r.status() === 422 && r.request().method() === 'POST')
      || allow(u, r);
    if (r.status() >= 400 && !expected) sink.push(`${who}HTTP ${r.status()} for ${r.request().method()} ${u.pathname}${u.search}`);
  });
}

async function expectPath(page, pathname, search) {
  await page.waitForURL((u) => u.pathname === pathname && (search === undefined || u.search === search), { timeout: 30_000 })
    .catch(async () => {
      const errs = await page.locator('.error-summary').innerText().catch(() => '');
      throw new Error(`expected ${pathname}${search ?? ''}, at ${page.url()}${errs ? `\npage errors: ${errs}` : ''}`);
    });
}

async function expectLang(page, lang) {
  const actual = await page.getAttribute('html', 'lang');
  assert(actual === lang, `<html lang> is ${JSON.stringify(actual)} on ${page.url()}, expected ${lang}`);
}

async function submit(page, formAction) {
  await page.click(`form[action="${formAction}"] button[type="submit"]`);
}

async function signIn(page, username) {
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await submit(page, '/sign-in');
  await expectPath(page, '/sign-in/verify');
}

async function signOut(page) {
  await submit(page, '/sign-out');
  await expectPath(page, '/sign-in', '?m=signed-out');
}

// ---------------------------------------------------------------- the flow

const TEXT = {
  en: {
    switchLabel: 'Français',
    mailSubject: 'Your confirmation code',
    mailCode: /Your code to confirm your email address is:[\s\u00a0\u202f\u2068\u2069]*(\d{8})/,
    homeTitle: 'My applications',
    homeApply: 'Start an application',
    applyStart: 'Start this application',
    uploadDone: 'Your file was received',
    paid: 'Paid',
    dateErrors: [
      ['31/4/2031', '1/5/2031', '“Planned date of arrival” must be a real date (that day does not exist)'],
      ['20/6/2031', '1/6/2031', '“Planned date of departure” must be after “Planned date of arrival”'],
    ],
    nextDocument: 'Next document: Digital photo',
    birthInWords: '25 April 1990',
    submittedTitle: 'Application submitted',
    stageSubmitted: 'Submitted',
    // the back office
    stageReceived: 'Received',
    stageInProgress: 'In progress',
    stageApproved: 'Approved',
    progressNone: 'Sections complete: 0 of 5',
    progressAll: 'Sections complete: 5 of 5',
    officeDone: { acknowledge: 'Receipt acknowledged: the acknowledgement letter was sent', start: 'Processing started',
      approve: 'Approved: the approval letter was sent', refuse: 'Refused: the refusal letter', return: 'Returned as incomplete',
      requested: 'The request was sent to the applicant with its deadline.' },
    actions: {
      acknowledge: 'Acknowledge receipt (AOR letter)',
      start: 'Start processing',
      approve: 'Approve (approval letter)',
    },
    requestSendOfficer: 'Send the request',
    requestOpen: 'Open',
    requestAnswered: 'Answered',
    letterMailSubject: 'You have a new letter',
    letterMailBody: 'A new letter about your application',
    requestSend: 'Send my answer',
    answerSent: 'Your answer was sent.',
    approvalTitle: 'Your application is approved',
  },
  fr: {
    switchLabel: 'English',
    mailSubject: 'Votre code de confirmation',
    mailCode: /Votre code pour confirmer votre adresse courriel est[\s\u00a0\u202f]*:[\s\u00a0\u202f\u2068\u2069]*(\d{8})/,
    homeTitle: 'Mes demandes',
    homeApply: 'Commencer une demande',
    applyStart: 'Commencer cette demande',
    uploadDone: 'Votre fichier a été reçu',
    paid: 'Payé',
    dateErrors: [
      ['31/4/2031', '1/5/2031', "« Date d'arrivée prévue » doit être une date réelle (ce jour n’existe pas)"],
      ['20/6/2031', '1/6/2031', "« Date de départ prévue » doit être postérieure à « Date d'arrivée prévue »"],
    ],
    nextDocument: 'Document suivant : Photo numérique',
    birthInWords: '25 avril 1990',
    submittedTitle: 'Demande soumise',
    stageSubmitted: 'Soumise',
    stageReceived: 'Reçue',
    stageInProgress: 'En cours de traitement',
    stageApproved: 'Approuvée',
    progressNone: 'Sections remplies : 0 sur 5',
    progressAll: 'Sections remplies : 5 sur 5',
    officeDone: { acknowledge: "Réception accusée : l'accusé de réception a été envoyé", start: 'Traitement commencé',
      approve: "Approuvée : la lettre d'approbation a été envoyée", refuse: 'Refusée : la lettre de refus', return: 'Renvoyée comme incomplète',
      requested: 'La demande a été envoyée au demandeur avec son échéance.' },
    actions: {
      acknowledge: "Accuser réception (lettre d'AR)",
      start: 'Commencer le traitement',
      approve: "Approuver (lettre d'approbation)",
    },
    requestSendOfficer: 'Envoyer la demande',
    requestOpen: 'Ouverte',
    requestAnswered: 'Répondue',
    letterMailSubject: 'Vous avez une nouvelle lettre',
    letterMailBody: 'Une nouvelle lettre concernant votre demande',
    requestSend: 'Envoyer ma réponse',
    answerSent: 'Votre réponse a été envoyée.',
    approvalTitle: 'Votre demande est approuvée',
  },
};

async function runFlow(browser, env, lang) {
  const t = TEXT[lang];
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const consoleErrors = [];
  watchErrors(page, consoleErrors);
  const username = `e2e-${lang}-${crypto.randomBytes(4).toString('hex')}`;
  const base = env.baseUrl;
  let applyTried = false;
  let officeTried = false;
  try {
    // 1. landing → (language) → register
    const landing = await page.goto(`${base}/`);
    assert(landing.status() === 200, `GET / → ${landing.status()}`);
    await expectLang(page, 'en');
    if (lang === 'fr') {
      const link = page.locator('header .lang-switch');
      assert((await link.innerText()).trim() === 'Français', `language link reads ${JSON.stringify(await link.innerText())}`);
      await link.click();
      await page.waitForFunction(() => document.documentElement.lang === 'fr');
      await expectPath(page, '/');
    }
    await expectLang(page, lang);
    const switchText = (await page.locator('header .lang-switch').innerText()).trim();
    assert(switchText === t.switchLabel, `language link reads ${JSON.stringify(switchText)}, expected ${t.switchLabel}`);
    await checkPage(page, lang, 'landing');
    await page.click('main a[href="/register"]');
    await expectPath(page, '/register');
    await expectLang(page, lang);
    await checkPage(page, lang, 'register');

    // 2. register
    await page.fill('#username', username);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await page.fill('#password_confirm', PASSWORD);
    const seen = new Set(mailFiles(env.mailDir));
    await submit(page, '/register');

    // 3. confirm the email address with the code from the mail file
    await expectPath(page, '/register/confirm-email');
    await expectLang(page, lang);
    await checkPage(page, lang, 'confirm-email');
    const { file, mail } = await waitForNewMail(env.mailDir, seen);
    assert(mail.subject.includes(t.mailSubject) || mail.body.includes(t.mailSubject),
      `mail ${file}: subject ${JSON.stringify(mail.subject)} is not "${t.mailSubject}"`);
    const m = t.mailCode.exec(mail.body);
    assert(m, `mail ${file} (${mail.cte}) has no ${lang} confirmation code:\n${mail.body}`);
    assert(mail.to.includes(EMAIL), `mail ${file} is to ${mail.to}`);
    await page.fill('#code', m[1]);
    await submit(page, '/register/confirm-email');

    // 4. TOTP enrolment
    await expectPath(page, '/mfa/enrol');
    await expectLang(page, lang);
    assert(await page.locator('main figure svg').count() === 1, 'no inline <svg> QR code on /mfa/enrol');
    await checkPage(page, lang, 'mfa-enrol');
    const secretText = (await page.locator('#totp-secret').innerText()).trim();
    SECRETS.add(secretText.replace(/\s+/g, ''));
    assert(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(secretText), `#totp-secret is not grouped base32: ${JSON.stringify(secretText)}`);
    const key = base32Decode(secretText);
    assert(key.length >= 16, `TOTP secret is only ${key.length} bytes`);
    // A mistyped first code: refused, and the key the person already added to the app stays.
    await page.fill('#code', hotp(key, totpStep() - 100));
    await submit(page, '/mfa/enrol');
    await page.waitForSelector('.error-summary');
    const again = (await page.locator('#totp-secret').innerText()).trim();
    assert(again === secretText, `after a wrong code the key changed: ${secretText} → ${again}`);
    await checkPage(page, lang, 'mfa-enrol-wrong-code');
    // Avoid typing a code in the last second of its step.
    if ((Date.now() / 1000) % 30 > 28.5) await sleep(2000);
    const enrolStep = totpStep();
    await page.fill('#code', hotp(key, enrolStep));
    await submit(page, '/mfa/enrol');

    // 5. recovery codes
    await page.waitForSelector('#recovery-codes li code');
    await expectLang(page, lang);
    const codes = (await page.locator('#recovery-codes li code').allInnerTexts()).map((c) => c.trim());
    for (const c of codes) SECRETS.add(c);
    for (const c of await page.context().cookies()) if (c.value.length >= 32) SECRETS.add(c.value);
    assert(codes.length === 10, `expected 10 recovery codes, found ${codes.length}`);
    for (const c of codes) assert(RECOVERY_RE.test(c), `recovery code ${JSON.stringify(c)} has the wrong format`);
    assert(new Set(codes).size === 10, 'recovery codes are not all different');
    const download = page.locator('main a[download="recovery-codes.txt"]');
    const codesFile = decodeURIComponent((await download.getAttribute('href')).replace(/^data:text\/plain;charset=utf-8,/, ''));
    assert(codes.every((c) => codesFile.includes(c)), `the downloadable file lacks codes: ${codesFile}`);
    await checkPage(page, lang, 'recovery-codes');
    await page.click('main a[href="/home"]');

    // 6. home, sign out
    await expectPath(page, '/home');
    await expectLang(page, lang);
    const h1 = (await page.locator('main h1').innerText()).trim();
    assert(h1 === t.homeTitle, `home h1 is ${JSON.stringify(h1)}, expected ${t.homeTitle}`);
    await checkPage(page, lang, 'home');
    await signOut(page);
    await expectLang(page, lang);
    await checkPage(page, lang, 'sign-in');

    // 7. sign in again with the second factor
    await signIn(page, username);
    await expectLang(page, lang);
    await checkPage(page, lang, 'verify');
    let code;
    if (lang === 'en') {
      code = codes[0];
    } else {
      // A code from the enrolment step would be refused as a replay: wait for the next step.
      while (totpStep() <= enrolStep) await sleep(250);
      code = hotp(key, totpStep());
    }
    await page.fill('#code', code);
    await submit(page, '/sign-in/verify');
    await expectPath(page, '/home');
    assert((await page.locator('main h1').innerText()).trim() === t.homeTitle, 'home h1 after sign-in');
    await checkPage(page, lang, 'home-after-sign-in');

    // 8. (English) a used recovery code is refused
    if (lang === 'en') {
      await signOut(page);
      await signIn(page, username);
      await page.fill('#code', codes[0]);
      await submit(page, '/sign-in/verify');
      await page.waitForSelector('.error-summary');
      await expectPath(page, '/sign-in/verify');
      await checkPage(page, lang, 'verify-error');
      // …and an unused one still works.
      await page.fill('#code', codes[1]);
      await submit(page, '/sign-in/verify');
      await expectPath(page, '/home');
    }

    // API tokens: made on the account page (just signed in), shown once, used, revoked.
    await page.goto(`${base}/account`);
    await page.click('main a[href="/account/tokens"]');
    await expectPath(page, '/account/tokens');
    await checkPage(page, lang, 'api-tokens');
    await page.fill('#name', 'e2e');
    await page.check('#scope-write');
    await submit(page, '/account/tokens');
    const token = (await page.locator('#token-secret').innerText()).trim();
    SECRETS.add(token);
    assert(/^ptl_[0-9a-f]{64}$/.test(token), `the new token looks wrong: ${token.slice(0, 8)}…`);
    await checkPage(page, lang, 'api-token-made');
    const apiList = await fetch(`${base}/api/v1/applications`, { headers: { authorization: `Bearer ${token}`, 'accept-language': lang } });
    assert(apiList.status === 200, `GET /api/v1/applications with the token → ${apiList.status}`);
    await page.click('main form[action$="/revoke"] button');
    await expectPath(page, '/account/tokens');
    const revoked = await fetch(`${base}/api/v1/applications`, { headers: { authorization: `Bearer ${token}`, 'accept-language': lang } });
    const revokedBody = await revoked.json();
    assert(revoked.status === 401 && revokedBody.error.code === 'unauthorized', `a revoked token → ${revoked.status}`);
    assert(lang !== 'fr' || revokedBody.error.message.includes('jeton'), `the API error is not in French: ${revokedBody.error.message}`);
    await checkPage(page, lang, 'api-token-revoked');
    record(`[${lang}] flow: API token made on the account page, used, revoked`, true);
    await page.goto(`${base}/home`);

    // Apply for a visitor visa: its own result; a failure there does not stop this flow.
    applyTried = true;
    const application = await applyFlow(page, env, lang);

    // The back office works on it, with the applicant: its own result too.
    officeTried = true;
    if (application) {
      // Should the applicant's session have ended meanwhile: sign in again with an unused recovery code.
      let nextRecovery = lang === 'en' ? 2 : 0;
      const reauth = async () => {
        await page.goto(`${base}/sign-in`);
        await signIn(page, username);
        await page.fill('#code', codes[nextRecovery++]);
        await submit(page, '/sign-in/verify');
        await expectPath(page, '/home');
      };
      await backOfficeFlow(browser, env, lang, { page, ...application, reauth });
    } else {
      record(`[${lang}] flow: ${OFFICE_FLOW}`, false, 'not run: the apply flow failed before it');
    }

    // Error page (404), in the flow's language.
    const notFound = await page.goto(`${base}/e2e-no-such-page`);
    assert(notFound.status() === 404, `GET /e2e-no-such-page → ${notFound.status()}`);
    await expectLang(page, lang);
    assert(await page.locator('main h1').count() === 1, 'error page has no h1');
    await checkPage(page, lang, 'error-404');

    // The demo mailbox shows the mail decoded: no encoded words, no quoted-printable escapes.
    await page.goto(`${base}/demo/mail`);
    const mailbox = await page.locator('main').innerText();
    assert(!/=\?utf-8\?/i.test(mailbox) && !/=[0-9A-F]{2}/.test(mailbox), `the demo mailbox shows encoded mail: ${mailbox.slice(0, 400)}`);
    if (lang === 'fr') assert(/é/.test(mailbox), 'the French mail shows its accents in the demo mailbox');
    await checkPage(page, lang, 'demo-mailbox');

    // The footer's pages: help, contact, privacy, accessibility, terms — each reached from the footer.
    for (const about of ['help', 'contact', 'privacy', 'accessibility', 'terms']) {
      await page.click(`footer a[href="/about/${about}"]`);
      await expectPath(page, `/about/${about}`);
      await expectLang(page, lang);
      assert(await page.locator('main p').count() >= 3, `/about/${about} has no text`);
      await checkPage(page, lang, `about-${about}`);
    }

    // (French) switch back to English from a signed-in page.
    if (lang === 'fr') {
      await page.goto(`${base}/home`);
      const link = page.locator('header .lang-switch');
      assert((await link.innerText()).trim() === 'English', 'language link on French page is not "English"');
      await link.click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await expectPath(page, '/home');
      assert((await page.locator('main h1').innerText()).trim() === TEXT.en.homeTitle, 'home h1 after switching to English');
    }
    record(`[${lang}] flow: register, confirm email, enrol TOTP, recovery codes, sign out/in`, true);
  } catch (e) {
    const shot = path.join(SCREENSHOTS, `FAILED-${lang}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    record(`[${lang}] flow: register, confirm email, enrol TOTP, recovery codes, sign out/in`, false,
      `${e.stack || e}\n(at ${page.url()}; screenshot ${path.relative(process.cwd(), shot)})`);
    if (!applyTried) record(`[${lang}] flow: apply for a visitor visa with uploads`, false, 'not run: the sign-in flow failed before it');
    if (!officeTried) record(`[${lang}] flow: ${OFFICE_FLOW}`, false, 'not run: the sign-in flow failed before it');
  } finally {
    for (const c of consoleErrors) warnings.push(`[${lang}] ${c}`);
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- files to upload

/** A small valid one-page PDF, its cross-reference table at the right byte offsets. */
export function minimalPdf(text) {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 18 Tf 72 720 Td (${escaped}) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * The files the apply flows upload, written into `dir`: two hand-made PDFs, a PDF printed by
 * Chromium (compressed streams, as real letters are) and a JPEG "photo" screenshotted by Chromium.
 */
async function makeUploadFiles(browser, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    passport: path.join(dir, 'passport.pdf'),
    funds: path.join(dir, 'bank-statement.pdf'),
    invitation: path.join(dir, 'invitation-letter.pdf'),
    photo: path.join(dir, 'photo.jpg'),
  };
  fs.writeFileSync(files.passport, minimalPdf('Passport AB123456 - Marie Curie (e2e test)'));
  fs.writeFileSync(files.funds, minimalPdf('Bank statement: CAD 5000 (e2e test)'));
  const context = await browser.newContext({ viewport: { width: 420, height: 540 } });
  try {
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html lang="en"><body style="margin:0;background:#dde6ee;font:20px sans-serif">
      <div style="width:220px;height:280px;margin:90px auto 0;border-radius:110px 110px 30px 30px;background:#8a6a58"></div>
      <p style="text-align:center">e2e photo</p></body></html>`);
    await page.screenshot({ path: files.photo, type: 'jpeg', quality: 85 });
    await page.setContent(`<!doctype html><html lang="fr"><body style="font:14pt serif;margin:2cm">
      <p>Paris, le 1<sup>er</sup> mars 2031</p><p>Madame, Monsieur,</p>
      <p>J'invite ma mère, Marie Curie, à me rendre visite du 1<sup>er</sup> au 20 juin 2031.</p>
      <p>Irène Joliot-Curie</p></body></html>`);
    await page.pdf({ path: files.invitation, format: 'A4' });
  } finally {
    await context.close().catch(() => {});
  }
  const jpeg = fs.readFileSync(files.photo);
  assert(jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg[2] === 0xff, 'the photo is not a JPEG');
  for (const f of [files.passport, files.funds, files.invitation]) {
    assert(fs.readFileSync(f).subarray(0, 5).toString() === '%PDF-', `${f} is not a PDF`);
  }
  return files;
}

// ---------------------------------------------------------------- the apply flow

const APPLICANT = {
  personal: [
    ['fill', '#family_name', 'Curie'],
    ['fill', '#given_names', 'Marie'],
    ['date', 'date_of_birth', '25/4/1990'],
    ['check', 'input[name="sex"][value="f"]'],
    ['select', '#country_of_birth', 'PL'],
    ['select', '#citizenship', 'FR'],
    ['check', 'input[name="marital_status"][value="married"]'],
  ],
  passport: [
    ['fill', '#number', 'AB123456'],
    ['select', '#issued_by', 'FR'],
    ['date', 'issued_on', '1/1/2025'],
    ['date', 'expiry', '1/1/2035'],
  ],
  contact: [
    ['fill', '#phone', '+33 1 23 45 67 89'],
    ['fill', '#address', '1 rue Pierre, Paris'],
    ['select', '#residence', 'FR'],
  ],
  trip: [
    ['check', 'input[name="purpose"][value="family"]'],
    ['date', 'arrival', '1/6/2031'],
    ['date', 'departure', '20/6/2031'],
    ['fill', '#funds', '5000'],
    ['fill', '#host_name', 'Irène Joliot-Curie'],
  ],
  background: [
    ['check', 'input[name="refused_before"][value="no"]'],
    ['check', 'input[name="criminal"][value="no"]'],
  ],
};

/** Types `d/m/y` in the three boxes of the date question `name`. */
async function fillDate(page, name, dmy) {
  const [day, month, year] = dmy.split('/');
  await page.fill(`#${name}`, day);
  await page.fill(`#${name}-month`, month);
  await page.fill(`#${name}-year`, year);
}

/** Checklist item → the file uploaded for it. */
const UPLOADS = [
  ['passport:principal', 'passport'],
  ['photo:principal', 'photo'],
  ['funds_proof:principal', 'funds'],
  ['invitation:principal', 'invitation'],
];

async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/**
 * From /home (signed in): start a visitor visa, answer the five sections, upload the required
 * documents (by upload.js, with its progress bar), pay with the demo card, sign the declaration,
 * submit, and check the confirmation page, the PDF receipt, the status page and /home.
 * Records one flow result; leaves the page somewhere signed in. Returns the submitted
 * application's { id, number }, or null when the flow failed.
 */
async function applyFlow(page, env, lang) {
  const t = TEXT[lang];
  const flowName = `[${lang}] flow: apply for a visitor visa with uploads`;
  const tag = (label) => `apply-${label}`;
  const check = async (label) => {
    await expectLang(page, lang);
    await checkPage(page, lang, tag(label));
  };
  try {
    // 1. /home → /apply → /apply/visitor-visa → start
    await expectPath(page, '/home');
    const applyLink = page.locator('main a[href="/apply"]');
    const applyText = (await applyLink.innerText()).trim();
    assert(applyText === t.homeApply, `/home apply link reads ${JSON.stringify(applyText)}, expected ${t.homeApply}`);
    await applyLink.click();
    await expectPath(page, '/apply');
    await check('catalog');
    await page.click('main a[href="/apply/visitor-visa"]');
    await expectPath(page, '/apply/visitor-visa');
    await check('preview');
    const startButton = page.locator('form[action="/applications"] button[type="submit"]');
    const startText = (await startButton.innerText()).trim();
    assert(startText === t.applyStart, `start button reads ${JSON.stringify(startText)}, expected ${t.applyStart}`);
    await startButton.click();
    await page.waitForURL((u) => /^\/applications\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: 30_000 });
    const draftPath = new URL(page.url()).pathname;
    const id = draftPath.split('/').pop();
    await check('draft');
    assert((await mainText(page)).includes(t.progressNone), `new draft does not show "${t.progressNone}": ${await mainText(page)}`);

    // 2. the five sections, in order; each save leads to the next one, the last to the overview
    const sections = Object.keys(APPLICANT);
    await page.click(`main ol.task-list a[href="${draftPath}/sections/${sections[0]}"]`);
    for (const [i, section] of sections.entries()) {
      const action = `${draftPath}/sections/${section}`;
      await expectPath(page, action);
      if (section === 'trip') {
        // Wrong dates first: a day that does not exist, then a departure before the arrival;
        // each refused with its own message, the boxes keeping what was typed.
        await page.check('input[name="purpose"][value="family"]');
        for (const [arrival, departure, message] of t.dateErrors) {
          await fillDate(page, 'arrival', arrival);
          await fillDate(page, 'departure', departure);
          await submit(page, action);
          await expectPath(page, action);
          const errors = norm(await page.locator('main .error-summary').innerText().catch(() => ''));
          assert(errors.includes(norm(message)), `trip dates ${arrival} → ${departure}: errors read ${JSON.stringify(errors)}, expected ${message}`);
          const kept = await page.inputValue('#arrival-year');
          assert(kept === arrival.split('/')[2], `the arrival year box holds ${JSON.stringify(kept)} after the refusal`);
        }
        await check('section-trip-refused');
      }
      for (const [op, selector, value] of APPLICANT[section]) {
        if (op === 'date') await fillDate(page, selector, value);
        else if (op === 'fill') await page.fill(selector, value);
        else if (op === 'select') await page.selectOption(selector, value);
        else await page.check(selector);
      }
      await check(`section-${section}`);
      await submit(page, action);
      await expectPath(page, i + 1 < sections.length ? `${draftPath}/sections/${sections[i + 1]}` : draftPath);
    }
    await expectLang(page, lang);
    assert((await mainText(page)).includes(t.progressAll), `overview does not show "${t.progressAll}" after the last section: ${await mainText(page)}`);
    await check('draft-answered');

    // 3. the required documents: the first from the overview's checklist table, each next one
    // by the "Next document" link of the page after an upload, the last leading to the review
    const checklist = page.locator('main h2#checklist ~ table').first();
    const hrefs = await checklist.locator('tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const submitPath = `${draftPath}/submit`;
    for (const [index, [item, file]] of UPLOADS.entries()) {
      const itemPath = `${draftPath}/documents/${encodeURIComponent(item)}`;
      assert(hrefs.includes(itemPath), `checklist has no link to ${itemPath}; it has ${JSON.stringify(hrefs)}`);
      if (index === 0) await checklist.locator(`a[href="${itemPath}"]`).click();
      await expectPath(page, itemPath);
      await check(`document-${item.split(':')[0]}`);
      await page.setInputFiles('#file', env.files[file]);
      // The form's action holds the item key as is ("passport:principal"); links encode the colon.
      const xhr = page.waitForRequest((r) => r.method() === 'POST' && r.resourceType() === 'xhr'
        && decodeURIComponent(new URL(r.url()).pathname) === decodeURIComponent(itemPath), { timeout: 15_000 });
      await page.click('form[data-upload] button[type="submit"]');
      await xhr.catch(() => { throw new Error(`upload of ${file} for ${item} was not sent by XHR (upload.js)`); });
      await expectPath(page, itemPath, '?m=uploaded');
      const notice = (await page.locator('main .notice').innerText().catch(() => '')).trim();
      assert(notice.includes(t.uploadDone), `after uploading ${file} for ${item}, notice reads ${JSON.stringify(notice)}`);
      const shown = (await page.locator('main dl.summary dd a').first().innerText().catch(() => '')).trim();
      assert(shown === path.basename(env.files[file]), `${item} shows the file ${JSON.stringify(shown)}, expected ${path.basename(env.files[file])}`);
      await check(`uploaded-${item.split(':')[0]}`);
      const next = UPLOADS[index + 1];
      const nextHref = next ? `${draftPath}/documents/${encodeURIComponent(next[0])}` : submitPath;
      const link = page.locator('main a#next-document');
      const linkHref = await link.getAttribute('href').catch(() => null);
      assert(linkHref === nextHref, `after uploading ${item}, "next" leads to ${JSON.stringify(linkHref)}, expected ${nextHref}`);
      if (index === 0) {
        const label = norm(await link.innerText());
        assert(label === norm(t.nextDocument), `the next-document link reads ${JSON.stringify(label)}, expected ${t.nextDocument}`);
      }
      if (next) await link.click();
    }
    await page.goto(new URL(draftPath, page.url()).href);
    await expectPath(page, draftPath);
    const done = await checklist.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({
      href: r.querySelector('a')?.getAttribute('href'), done: !!r.querySelector('.tag-done'),
    })));
    for (const [item] of UPLOADS) {
      const row = done.find((r) => r.href === `${draftPath}/documents/${encodeURIComponent(item)}`);
      assert(row && row.done, `checklist row for ${item} is not marked as uploaded`);
    }
    await check('draft-documents');

    // 4. check the answers (each with its Change link), declare, then pay and submit at once
    await page.click(`main a[href="${submitPath}"]`);
    await expectPath(page, submitPath);
    assert(await page.locator('main #missing .tag-done').count() === 1,
      `review page does not say the application is complete: ${await mainText(page)}`);
    const summaryText = norm(await page.locator('main').innerText());
    for (const shown of ['Curie', t.birthInWords, 'AB123456']) {
      assert(summaryText.includes(norm(shown)), `"Check your answers" does not show ${JSON.stringify(shown)}`);
    }
    const changes = await page.locator('main dl.summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert(changes.includes(`${draftPath}/sections/trip?back=check#funds`), `no Change link to the funds question: ${JSON.stringify(changes.slice(0, 6))}`);
    const order = await page.evaluate(() => ['main dl.summary', '#declaration', '#card_number']
      .map((sel) => document.querySelector(sel)?.getBoundingClientRect().top ?? -1));
    assert(order[0] >= 0 && order[0] < order[1] && order[1] < order[2], `answers, declaration, payment are not in that order: ${order}`);
    await page.check('#agree');
    await page.fill('#declaration_name', 'Marie Curie');
    await page.fill('#card_number', DEMO_CARD);
    await page.fill('#card_expiry', '12/35');
    await page.fill('#card_name', 'Marie Curie');
    await check('review');
    await submit(page, submitPath);

    // 5. confirmation, receipt
    await expectPath(page, `${draftPath}/submitted`);
    const h1 = (await page.locator('main h1').innerText()).trim();
    assert(h1 === t.submittedTitle, `confirmation h1 is ${JSON.stringify(h1)}, expected ${t.submittedTitle}`);
    const number = (await page.locator('.big-number strong').innerText()).trim();
    assert(/^V\d{9}$/.test(number), `application number ${JSON.stringify(number)} does not match /^V\\d{9}$/`);
    await check('submitted');
    const receiptHref = await page.locator('main a[href$="/receipt.pdf"]').getAttribute('href');
    assert(receiptHref === `${draftPath}/receipt.pdf`, `receipt link is ${JSON.stringify(receiptHref)}`);
    const receipt = await page.request.get(new URL(receiptHref, page.url()).href);
    const receiptType = receipt.headers()['content-type'] || '';
    const receiptBody = await receipt.body();
    assert(receipt.status() === 200, `GET ${receiptHref} → ${receipt.status()}`);
    assert(receiptType.startsWith('application/pdf'), `GET ${receiptHref}: content-type ${JSON.stringify(receiptType)}`);
    assert(receiptBody.subarray(0, 5).toString('latin1') === '%PDF-', `GET ${receiptHref}: body starts ${JSON.stringify(receiptBody.subarray(0, 16).toString('latin1'))}`);

    // 6. status page
    await page.click(`main ul.links a[href="${draftPath}"]`);
    await expectPath(page, draftPath);
    const statusDd = (await page.locator('main dl.summary').innerText()).replace(/\s+/g, ' ');
    assert(statusDd.includes(number), `status page does not show ${number}: ${statusDd}`);
    const stage = (await page.locator('main dl.summary strong.tag').first().innerText()).trim();
    assert(stage === t.stageSubmitted, `status page stage is ${JSON.stringify(stage)}, expected ${t.stageSubmitted}`);
    await check('status');

    // 7. /home lists it
    await page.click('nav.account-nav a[href="/home"]');
    await expectPath(page, '/home');
    const row = page.locator('main table.data tbody tr', { has: page.locator(`a[href="${draftPath}"]`) });
    assert(await row.count() === 1, `/home has no row linking to ${draftPath}`);
    const rowText = (await row.innerText()).replace(/\s+/g, ' ');
    assert(rowText.includes(number), `/home row does not show ${number}: ${rowText}`);
    assert(rowText.includes(t.stageSubmitted), `/home row does not show "${t.stageSubmitted}": ${rowText}`);
    await check('home-submitted');
    record(flowName, true);
    return { id, number };
  } catch (e) {
    const shot = path.join(SCREENSHOTS, `FAILED-apply-${lang}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    record(flowName, false, `${e.stack || e}\n(at ${page.url()}; screenshot ${path.relative(process.cwd(), shot)})`);
    // Back to a signed-in page, for the rest of the sign-in flow.
    await page.goto(`${env.baseUrl}/home`).catch(() => {});
    return null;
  }
}

// ---------------------------------------------------------------- the back-office flow

const OFFICE_FLOW = 'officer requests a document, applicant answers, officer approves';
const REQUEST_FREE_ITEM = 'Bank statements for the last 6 months';
const REQUEST_NOTE = 'Please send clearer copies.';

/** demo-officer's TOTP secret, from `portail demo`'s start-up banner in the server log. */
function officerTotpKey(logPath) {
  const log = fs.readFileSync(logPath, 'utf8');
  const m = /^\s*demo-officer\s+officer\s+TOTP secret ([A-Z2-7]+)\s*$/m.exec(log);
  assert(m, `no "demo-officer … TOTP secret" line in ${logPath}`);
  SECRETS_BUT_BANNER.add(m[1]);
  return base32Decode(m[1]);
}

/**
 * Waits for the next mail (not in `seen`) that `wanted` accepts; every mail looked at joins `seen`.
 * Returns { file, raw, mail }.
 */
async function waitForMail(dir, seen, wanted, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  const skipped = [];
  while (Date.now() < deadline) {
    for (const f of mailFiles(dir).filter((x) => !seen.has(x))) {
      seen.add(f);
      const raw = fs.readFileSync(path.join(dir, f), 'utf8');
      const mail = parseEml(raw);
      if (wanted(mail)) return { file: f, raw, mail };
      skipped.push(`${f}: ${JSON.stringify(mail.subject)}`);
    }
    await sleep(100);
  }
  throw new Error(`no new mail (${what}) in ${dir} within ${timeoutMs} ms; other new mails: ${skipped.join('; ') || 'none'}`);
}

/** The text of a PDF: by pdftotext (Debian poppler-utils) when present, else from its text operators. */
function pdfText(bytes, tmpFile) {
  fs.writeFileSync(tmpFile, bytes);
  const which = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (!which.error) {
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', tmpFile, '-'], { encoding: 'utf8' });
    assert(r.status === 0, `pdftotext ${tmpFile} failed (${r.status}): ${r.stderr}`);
    return r.stdout.replace(/\s+/g, ' ').trim();
  }
  warnings.push('pdftotext not found (run e2e/install.sh): PDF text read by the built-in fallback');
  // Fallback: inflate each stream and keep, in order, the strings its text operators show.
  const latin = bytes.toString('latin1');
  const parts = [];
  for (const m of latin.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    if (end < 0) continue;
    const raw = bytes.subarray(start, end);
    let content;
    try { content = zlib.inflateSync(raw).toString('latin1'); } catch { content = raw.toString('latin1'); }
    parts.push(...shownStrings(content));
  }
  // The letters use WinAnsiEncoding: Latin-1 but for 0x80–0x9F (Node's TextDecoder reads
  // "windows-1252" as Latin-1, so these are mapped here).
  const cp1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  const winAnsi = (str) => str.replace(/[\u0080-\u009f]/g, (ch) => cp1252[ch.charCodeAt(0) - 0x80]);
  return parts.map(winAnsi).join(' ').replace(/\s+/g, ' ').trim();
}

/** The strings shown by Tj, TJ, ' and " in a content stream (literal strings, nested parentheses and escapes). */
function shownStrings(content) {
  const parts = [];
  let pending = [];
  let i = 0;
  while (i < content.length) {
    const c = content[i];
    if (c === '(') {
      let depth = 1;
      let j = i + 1;
      let out = '';
      while (j < content.length) {
        const d = content[j];
        if (d === '\\') {
          const octal = /^[0-7]{1,3}/.exec(content.slice(j + 1, j + 4));
          if (octal) {
            out += String.fromCharCode(parseInt(octal[0], 8));
            j += 1 + octal[0].length;
          } else {
            const e = content[j + 1];
            out += { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '\n': '', '\r': '' }[e] ?? e;
            j += 2;
          }
          continue;
        }
        if (d === '(') depth += 1;
        if (d === ')' && --depth === 0) break;
        out += d;
        j += 1;
      }
      pending.push(out);
      i = j + 1;
    } else if (c === '<' && content[i + 1] === '<') {
      i += 2; // a dictionary, not a hex string
    } else if (c === '<') {
      const close = content.indexOf('>', i);
      pending.push(Buffer.from(content.slice(i + 1, close).replace(/\s+/g, ''), 'hex').toString('latin1'));
      i = close + 1;
    } else if (/[A-Za-z'"]/.test(c) && content[i - 1] !== '/') {
      const op = /^[A-Za-z'"*]+/.exec(content.slice(i))[0];
      if (['Tj', 'TJ', "'", '"'].includes(op) && pending.length) parts.push(pending.join(''));
      pending = [];
      i += op.length;
    } else {
      i += 1;
    }
  }
  return parts;
}

/**
 * The back-office loop on the application the applicant just submitted: demo-officer (in a second
 * browser context, in the flow's language) acknowledges it and asks for documents; the applicant
 * gets a mail, uploads a file for each item and answers; the officer starts processing and
 * approves; the applicant sees the approval letter (a PDF) in the inbox and on the status page.
 * Records one flow result; leaves the applicant's page somewhere signed in.
 */
async function backOfficeFlow(browser, env, lang, { page, id, number, reauth }) {
  const t = TEXT[lang];
  const flowName = `[${lang}] flow: ${OFFICE_FLOW}`;
  const base = env.baseUrl;
  const filePath = `/office/files/${id}`;
  const statusPath = `/applications/${id}`;
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(30_000);
  const officer = await context.newPage();
  const consoleErrors = [];
  watchErrors(officer, consoleErrors, 'officer: ');
  const check = async (p, label) => {
    await expectLang(p, lang);
    await checkPage(p, lang, label);
  };
  /** Goes to `url` as the applicant; signs in again first should the session have ended. */
  const applicantGoto = async (url) => {
    await page.goto(`${base}${url}`);
    if (new URL(page.url()).pathname === '/sign-in') {
      warnings.push(`[${lang}] the applicant's session had ended before ${url}: signed in again`);
      await reauth();
      await page.goto(`${base}${url}`);
    }
    await expectPath(page, url.split('?')[0]);
  };
  const stageOf = async (p) => (await p.locator('main dl.summary strong.tag').first().innerText()).trim();
  const noticeOf = async (p) => (await p.locator('main .notice').innerText().catch(() => '')).trim();
  /** Officer: clicks the decision button whose hidden input is action=`action`; lands on ?m=`action`, whose notice says what was done. */
  const decide = async (action) => {
    const form = officer.locator(`form[action="${filePath}/decide"]`)
      .filter({ has: officer.locator(`input[name="action"][value="${action}"]`) });
    if (await form.count() !== 1) {
      const offered = await officer.locator(`form[action="${filePath}/decide"] input[name="action"]`)
        .evaluateAll((xs) => xs.map((x) => x.value));
      throw new Error(`${filePath}: no decision form for "${action}"; offered: ${JSON.stringify(offered)}`);
    }
    const button = form.locator('button[type="submit"]');
    const label = (await button.innerText()).trim();
    assert(label === t.actions[action], `decision button "${action}" reads ${JSON.stringify(label)}, expected ${t.actions[action]}`);
    await button.click();
    if (['approve', 'refuse', 'return'].includes(action)) {
      // A decision that ends the file is asked once more.
      await officer.waitForSelector('main form input[name="confirm"][value="yes"]', { state: 'attached' });
      await check(officer, `office-confirm-${action}`);
      await officer.click(`main form[action="${filePath}/decide"] button[type="submit"]`);
    }
    await expectPath(officer, filePath, `?m=${action}`);
    const notice = norm(await noticeOf(officer));
    assert(notice.includes(t.officeDone[action]), `after "${action}", the notice reads ${JSON.stringify(notice)}, expected ${t.officeDone[action]}`);
  };
  const seenMail = new Set(mailFiles(env.mailDir));
  const letterMail = (m) => m.subject === t.letterMailSubject;
  try {
    // 1. the officer signs in (a TOTP step not used before by demo-officer), in the flow's language
    const key = officerTotpKey(env.logPath);
    await officer.goto(`${base}/sign-in`);
    await expectPath(officer, '/sign-in');
    await expectLang(officer, 'en');
    if (lang === 'fr') {
      const link = officer.locator('header .lang-switch');
      assert((await link.innerText()).trim() === 'Français', `officer's language link reads ${JSON.stringify(await link.innerText())}`);
      await link.click();
      await officer.waitForFunction(() => document.documentElement.lang === 'fr');
      await expectPath(officer, '/sign-in');
    }
    await check(officer, 'office-sign-in');
    await officer.fill('#username', OFFICER);
    await officer.fill('#password', DEMO_PASSWORD);
    await submit(officer, '/sign-in');
    await expectPath(officer, '/sign-in/verify');
    await check(officer, 'office-verify');
    // A fresh step, and not in its last 1.5 seconds.
    while (totpStep() <= env.officerLastStep || (Date.now() / 1000) % 30 > 28.5) await sleep(250);
    const step = totpStep();
    env.officerLastStep = step;
    await officer.fill('#code', hotp(key, step));
    await submit(officer, '/sign-in/verify');
    await officer.waitForURL((u) => u.pathname !== '/sign-in/verify', { timeout: 30_000 }).catch(async () => {
      const errs = await officer.locator('.error-summary').innerText().catch(() => '');
      throw new Error(`officer sign-in: still on /sign-in/verify${errs ? `: ${errs}` : ''}`);
    });
    for (const c of await context.cookies()) if (c.value.length >= 32) SECRETS.add(c.value);
    const landed = new URL(officer.url()).pathname;
    assert(landed === '/home' || landed === '/office', `officer lands on ${officer.url()} after sign-in`);
    await check(officer, `office-after-sign-in-${landed.slice(1)}`);
    if (landed !== '/office') {
      await officer.click('nav.account-nav a[href="/office"]');
      await expectPath(officer, '/office');
    }

    // 2. the work queue → the file
    await check(officer, 'office-queue');
    const queueLink = officer.locator('main table.data tbody a').filter({ hasText: new RegExp(`^\\s*${number}\\s*$`) });
    assert(await queueLink.count() === 1, `/office has ${await queueLink.count()} links reading ${number}`);
    const queueHref = await queueLink.getAttribute('href');
    assert(queueHref === filePath, `/office: the link ${number} goes to ${queueHref}, expected ${filePath}`);
    const queueRow = (await officer.locator('main table.data tbody tr')
      .filter({ has: officer.locator(`a[href="${filePath}"]`) }).first().innerText()).replace(/\s+/g, ' ');
    assert(queueRow.includes(t.stageSubmitted), `/office row for ${number} does not say "${t.stageSubmitted}": ${queueRow}`);
    await queueLink.click();
    await expectPath(officer, filePath);
    const fileH1 = (await officer.locator('main h1').innerText()).trim();
    assert(fileH1.includes(number) && fileH1.includes('Marie Curie'), `file h1 is ${JSON.stringify(fileH1)}`);
    assert(await stageOf(officer) === t.stageSubmitted, `file stage is ${JSON.stringify(await stageOf(officer))}, expected ${t.stageSubmitted}`);
    await check(officer, 'office-file');

    // 3. acknowledge receipt (a letter, and a mail to the applicant)
    await decide('acknowledge');
    assert(await stageOf(officer) === t.stageReceived, `after acknowledging, stage is ${JSON.stringify(await stageOf(officer))}, expected ${t.stageReceived}`);
    await check(officer, 'office-acknowledged');
    await waitForMail(env.mailDir, seenMail, letterMail, `"${t.letterMailSubject}" for the AOR letter`);

    // 4. request documents: the first checklist item and one free line
    // The forms of the file page are folded under their summary until needed.
    await officer.click('main details#request-form > summary');
    const requestForm = officer.locator(`form[action="${filePath}/requests"]`);
    assert(await requestForm.count() === 1, `${filePath} has no request form`);
    const firstItem = requestForm.locator('input[name="item"]').first();
    await firstItem.check();
    const firstId = await firstItem.getAttribute('id');
    // "<document> — <person>": the request names the document only.
    const firstLabel = (await requestForm.locator(`label[for="${firstId}"]`).innerText()).trim().split(' — ')[0];
    await requestForm.locator('#free').fill(REQUEST_FREE_ITEM);
    const days = await requestForm.locator('#days').inputValue();
    assert(days === '30', `#days is ${JSON.stringify(days)}, expected "30"`);
    await requestForm.locator('#request-note').fill(REQUEST_NOTE);
    await check(officer, 'office-request-filled');
    const sendButton = requestForm.locator('button[type="submit"]');
    const sendText = (await sendButton.innerText()).trim();
    assert(sendText === t.requestSendOfficer, `request button reads ${JSON.stringify(sendText)}, expected ${t.requestSendOfficer}`);
    await sendButton.click();
    await expectPath(officer, filePath, '?m=requested');
    assert(norm(await noticeOf(officer)).includes(t.officeDone.requested), `after the request, the notice reads ${JSON.stringify(await noticeOf(officer))}`);
    const card = (await officer.locator('main h2#request ~ .card').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
    assert(card.includes(REQUEST_FREE_ITEM) && card.includes(firstLabel) && card.includes(t.requestOpen),
      `the request card does not show its items and "${t.requestOpen}": ${JSON.stringify(card)}`);
    await check(officer, 'office-requested');

    // 5. the applicant's mail: says a letter waits, in the right language, without the number
    const { file: mailFile, raw, mail } = await waitForMail(env.mailDir, seenMail, letterMail, `"${t.letterMailSubject}" for the request`);
    assert(mail.body.includes(t.letterMailBody), `mail ${mailFile}: body lacks "${t.letterMailBody}":\n${mail.body}`);
    assert(mail.to.includes(EMAIL), `mail ${mailFile} is to ${mail.to}`);
    assert(mail.body.includes(`${base}/inbox`), `mail ${mailFile} has no link to ${base}/inbox:\n${mail.body}`);
    assert(!raw.includes(number) && !mail.body.includes(number) && !mail.subject.includes(number),
      `mail ${mailFile} holds the application number ${number}`);

    // 6. the applicant answers: status page → request → one upload per item → send
    await applicantGoto(statusPath);
    await check(page, 'status-requested');
    const requestLink = page.locator(`main a[href^="${statusPath}/requests/"]`);
    assert(await requestLink.count() === 1, `status page has ${await requestLink.count()} links to a request`);
    await requestLink.click();
    await page.waitForURL((u) => new RegExp(`^${statusPath}/requests/[0-9a-f-]{36}$`).test(u.pathname), { timeout: 30_000 });
    const requestPath = new URL(page.url()).pathname;
    await check(page, 'request');
    const itemTitles = (await page.locator('main section.card h3').allInnerTexts()).map((x) => x.trim());
    assert(itemTitles.length === 2 && itemTitles[0] === firstLabel && itemTitles[1] === REQUEST_FREE_ITEM,
      `request items are ${JSON.stringify(itemTitles)}, expected ${JSON.stringify([firstLabel, REQUEST_FREE_ITEM])}`);
    assert((await mainText(page)).includes(REQUEST_NOTE), `request page does not show the officer's note`);
    const answerFiles = [
      ['clearer-copy.pdf', `${firstLabel} - Marie Curie (e2e test)`],
      ['bank-statements-6-months.pdf', 'Bank statements, 6 months (e2e test)'],
    ].map(([name, text]) => {
      const f = path.join(path.dirname(env.files.passport), `${lang}-${name}`);
      fs.writeFileSync(f, minimalPdf(text));
      return f;
    });
    for (const [k, f] of answerFiles.entries()) {
      const form = page.locator('main form[data-upload]').nth(k);
      const input = form.locator('input[type="file"]');
      assert(await input.getAttribute('id') === `file-${k}`, `upload form ${k} has no #file-${k}`);
      await input.setInputFiles(f);
      const xhr = page.waitForRequest((r) => r.method() === 'POST' && r.resourceType() === 'xhr'
        && new URL(r.url()).pathname === `${requestPath}/items/${k}`, { timeout: 15_000 });
      const nav = page.waitForEvent('framenavigated', { predicate: (fr) => fr === page.mainFrame(), timeout: 30_000 });
      await form.locator('button[type="submit"]').click();
      await xhr.catch(() => { throw new Error(`upload ${k} was not sent by XHR (upload.js)`); });
      await nav;
      await page.waitForLoadState('load');
      await expectPath(page, requestPath, '?m=uploaded');
      const notice = await noticeOf(page);
      assert(notice.includes(t.uploadDone), `after upload ${k}, the notice reads ${JSON.stringify(notice)}`);
      const section = (await page.locator('main section.card').nth(k).innerText()).replace(/\s+/g, ' ');
      assert(section.includes(path.basename(f)), `item ${k} does not show ${path.basename(f)}: ${section}`);
      assert(await page.locator('main section.card').nth(k).locator('.tag-done').count() === 1, `item ${k} is not marked as uploaded`);
      await check(page, `request-uploaded-${k + 1}`);
    }
    const answerButton = page.locator(`form[action="${requestPath}/answer"] button[type="submit"]`);
    const answerText = (await answerButton.innerText()).trim();
    assert(answerText === t.requestSend, `answer button reads ${JSON.stringify(answerText)}, expected ${t.requestSend}`);
    await answerButton.click();
    await expectPath(page, requestPath, '?m=answered');
    assert((await noticeOf(page)).includes(t.answerSent), `after answering, the notice reads ${JSON.stringify(await noticeOf(page))}`);
    assert(await page.locator('main form[data-upload]').count() === 0, 'the request page still offers uploads once answered');
    await check(page, 'request-answered');

    // 7. the officer sees the answer, starts processing, approves
    await officer.goto(`${base}${filePath}`);
    await expectPath(officer, filePath);
    const answeredCard = (await officer.locator('main h2#request ~ .card').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
    assert(answeredCard.includes(t.requestAnswered), `the request card does not say "${t.requestAnswered}": ${JSON.stringify(answeredCard)}`);
    await check(officer, 'office-answered');
    await decide('start');
    assert(await stageOf(officer) === t.stageInProgress, `after starting, stage is ${JSON.stringify(await stageOf(officer))}, expected ${t.stageInProgress}`);
    await check(officer, 'office-started');
    await decide('approve');
    assert(await stageOf(officer) === t.stageApproved, `after approving, stage is ${JSON.stringify(await stageOf(officer))}, expected ${t.stageApproved}`);
    await check(officer, 'office-approved');

    // 8. the applicant's inbox: unread badge, the approval letter as a PDF
    await applicantGoto('/home');
    await page.click('nav.account-nav a[href="/inbox"]');
    await expectPath(page, '/inbox');
    const badge = (await page.locator('nav.account-nav a[href="/inbox"] .badge').innerText().catch(() => '')).trim();
    assert(/^\d+\b/.test(badge) && parseInt(badge, 10) >= 1, `no unread badge on the inbox link (reads ${JSON.stringify(badge)})`);
    const letterLink = page.locator('main table.data tbody a').filter({ hasText: new RegExp(`^\\s*${t.approvalTitle}\\s*$`) });
    assert(await letterLink.count() === 1, `/inbox has ${await letterLink.count()} links reading "${t.approvalTitle}"`);
    const letterHref = await letterLink.getAttribute('href');
    assert(/^\/inbox\/[0-9a-f-]{36}$/.test(letterHref), `approval letter link is ${JSON.stringify(letterHref)}`);
    await check(page, 'inbox');
    const letter = await page.request.get(new URL(letterHref, page.url()).href);
    const letterType = letter.headers()['content-type'] || '';
    const letterBody = await letter.body();
    assert(letter.status() === 200, `GET ${letterHref} → ${letter.status()}`);
    assert(letterType.startsWith('application/pdf'), `GET ${letterHref}: content-type ${JSON.stringify(letterType)}`);
    assert(letterBody.subarray(0, 5).toString('latin1') === '%PDF-', `GET ${letterHref}: body starts ${JSON.stringify(letterBody.subarray(0, 16).toString('latin1'))}`);
    const text = pdfText(letterBody, path.join(path.dirname(env.files.passport), `${lang}-approval-letter.pdf`));
    for (const want of [number, 'Marie Curie', t.approvalTitle]) {
      assert(text.includes(want), `the approval letter's text lacks ${JSON.stringify(want)}: ${JSON.stringify(text)}`);
    }

    // 9. the status page says approved
    await applicantGoto(statusPath);
    assert(await stageOf(page) === t.stageApproved, `status page stage is ${JSON.stringify(await stageOf(page))}, expected ${t.stageApproved}`);
    await check(page, 'status-approved');
    record(flowName, true);
  } catch (e) {
    const shots = [];
    for (const [who, p] of [['applicant', page], ['officer', officer]]) {
      const shot = path.join(SCREENSHOTS, `FAILED-office-${lang}-${who}.png`);
      await p.screenshot({ path: shot, fullPage: true }).catch(() => {});
      shots.push(`${who} at ${p.url()}; screenshot ${path.relative(process.cwd(), shot)}`);
    }
    record(flowName, false, `${e.stack || e}\n(${shots.join('\n ')})`);
    await page.goto(`${base}/home`).catch(() => {});
  } finally {
    for (const c of consoleErrors) warnings.push(`[${lang}] ${c}`);
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  selfTest();
  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  if (!fs.existsSync(BIN)) {
    record('setup', false, `portail binary not found: ${BIN} (set E2E_PORTAIL_BIN)`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-e2e-'));
  const port = await freePort();
  console.log(`portail: ${BIN}\ndata dir: ${tmp}\nport: ${port}`);
  let server;
  let browser;
  let partners;
  const cleanup = () => {
    try { server?.child.kill('SIGKILL'); } catch { /* gone */ }
    killPartners(partners);
    killPrServers();
  };
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      cleanup();
      fs.rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  }
  try {
    // The test Sign-In Partners first: portail is configured with their issuers.
    partners = await startPartners(tmp);
    for (const s of partnerSecrets(partners)) SECRETS.add(s);
    console.log(`test partners: ${partners.map((p) => `${p.id} ${p.issuer}`).join(', ')}`);
    server = await startServer(tmp, port, partnerEnv(partners));
    console.log(`server up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Not in the server's own uploads/ folder: it sweeps files older than two minutes there.
    const files = await makeUploadFiles(browser, path.join(tmp, 'fixtures'));
    const photos = await makePrPhotos(browser, path.join(tmp, 'fixtures'));
    const env = {
      baseUrl: `http://localhost:${port}`, mailDir: path.join(tmp, 'mail'), files, logPath: server.logPath,
      // The last TOTP step used for demo-officer: a code is accepted once only, so each sign-in needs a new step.
      officerLastStep: -1,
      partners,
    };
    const helpers = {
      assert, record, warnings, SECRETS, SCREENSHOTS, TEXT,
      checkPage, watchErrors, expectPath, expectLang, submit, mainText, mailFiles, waitForMail,
      // for pr.mjs: its own portail instances, demo sign-ins, mail parsing and PDF text
      BIN, PASSWORD, DEMO_PASSWORD, BANNER_RES, sleep, tail, freePort, startServer, stopServer,
      parseEml, pdfText, base32Decode, hotp, totpStep,
    };
    for (const lang of ['en', 'fr']) {
      console.log(`\n== ${lang} ==`);
      if (process.env.E2E_ONLY !== 'pr') {
        await runFlow(browser, env, lang);
        await partnerFlows(browser, env, lang, helpers);
        await repFlows(browser, env, lang, helpers);
        await maintenanceFlows(browser, env, lang, helpers);
      }
      await prFlows(browser, lang, helpers, { tmp, photos });
    }
  } catch (e) {
    record('setup', false, e.stack || e);
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
    for (const w of await stopPartners(partners)) warnings.push(w);
  }
  if (server) {
    // The audit chain of everything this run did must verify (`portail audit verify`).
    const { spawnSync } = await import('node:child_process');
    const verify = spawnSync(BIN, ['audit', 'verify'], { env: { ...process.env, PORTAIL_DATA_DIR: tmp, PORTAIL_LOG_FORMAT: 'json' }, encoding: 'utf8' });
    record('portail audit verify passes on the demo data', verify.status === 0 && /audit log intact: \d+ entries/.test(verify.stdout), `exit ${verify.status}: ${verify.stdout} ${verify.stderr}`);
  }
  if (server) {
    const exit = server.exited();
    record('server stops cleanly on SIGTERM', exit && exit.code === 0, `exit: ${JSON.stringify(exit)}`);
    const log = fs.readFileSync(server.logPath, 'utf8');
    const logButBanner = log.split('\n').filter((line) => !BANNER_RES.some((re) => re.test(line))).join('\n');
    const leaked = [...SECRETS].filter((s) => log.includes(s))
      .concat([...SECRETS_BUT_BANNER].filter((s) => logButBanner.includes(s)));
    record(`server log holds none of the ${SECRETS.size + SECRETS_BUT_BANNER.size} secrets seen`, leaked.length === 0, `leaked: ${leaked.length}`);
  }
  const failed = results.filter((r) => !r.ok);
  if (server && (failed.length || server.exited()?.code)) {
    console.log(`\nlast lines of the server log (${server.logPath}):\n${indent(tail(server.logPath, 25), 2)}`);
  }
  if (warnings.length) console.log(`\nwarnings:\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
  if (failed.length) {
    console.log(`\nfailures:\n${failed.map((f) => `  - ${f.name}`).join('\n')}`);
    console.log(`data dir kept: ${tmp}`);
  } else if (!process.env.E2E_KEEP_TMP) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`screenshots: ${path.relative(process.cwd(), SCREENSHOTS) || '.'}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

await main();
