//! The PR portal's first half: rules and their preview, a wave over 10,000 files killed halfway
//! and resumed (nothing skipped, nothing doubled), and invite codes — emailed, shown in the secure
//! account, forgiving to type, single use under 50 simultaneous redemptions, bound to the owner or
//! the file's date of birth, revoked by a new code, expiring.

use chrono::{Duration, TimeZone, Utc};
use portail_domain::account::AccountId;
use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{Backend, TestApp, between};
use crate::on_both_databases;

/// Writes `n` submitted files of `type_id` created on `day`, owned by `owners` accounts made for
/// the purpose (bulk SQL: creating 10,000 files through the pages would take minutes).
pub(crate) async fn seed_files(
    app: &TestApp,
    n: usize,
    type_id: &str,
    day: (i32, u32, u32),
    portal: &str,
) -> Vec<Uuid> {
    let created = Utc.with_ymd_and_hms(day.0, day.1, day.2, 12, 0, 0).unwrap();
    let owner = Uuid::new_v4();
    let account = "INSERT INTO accounts (id, username, email, email_lower, email_verified, role, lang, is_demo, created_at) \
         VALUES ($1, $2, $3, $3, TRUE, 'applicant', 'en', FALSE, $4)";
    let file = "INSERT INTO applications (id, account_id, type_id, stage, number, answers, members, version, created_at, \
         updated_at, submitted_at, portal) VALUES ($1, $2, $3, 'submitted', $4, '{\"personal.date_of_birth\":\"1980-01-02\",\"personal.given_names\":\"Ana\",\"personal.family_name\":\"Silva\"}', '[]', 1, $5, $5, $5, $6)";
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    macro_rules! write {
        ($conn:expr) => {{
            let mut tx = sqlx::Connection::begin(&mut $conn).await.unwrap();
            sqlx::query(account)
                .bind(owner)
                .bind(format!("owner{}", owner.simple()))
                .bind(format!("{}@example.com", owner.simple()))
                .bind(created)
                .execute(&mut *tx)
                .await
                .unwrap();
            for id in &ids {
                let number = format!("E{}", &id.simple().to_string()[..9]);
                sqlx::query(file)
                    .bind(id)
                    .bind(owner)
                    .bind(type_id)
                    .bind(number)
                    .bind(created)
                    .bind(portal)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }};
    }
    if app.database_url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        write!(c);
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        write!(c);
    }
    ids
}

/// An administrator saves a rule through the page; returns its id and the preview page.
async fn rule(app: &TestApp, admin: &mut crate::helpers::Browser, fields: &[(&str, &str)]) -> (Uuid, String) {
    admin.get("/office/pr").await;
    let r = admin.submit("/office/pr/rules", fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id: Uuid = r.location().trim_start_matches("/office/pr/rules/").parse().unwrap();
    let _ = app;
    (id, admin.get(&r.location()).await.body)
}

async fn wave_killed_halfway_and_resumed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut admin, _) = app.staff("admin1", "administrator").await;
    let files = seed_files(&app, 10_000, "express-entry", (2026, 2, 10), "secure").await;
    seed_files(&app, 40, "visitor-visa", (2026, 2, 10), "secure").await;
    seed_files(&app, 30, "express-entry", (2025, 12, 31), "secure").await;
    let already = seed_files(&app, 5, "express-entry", (2026, 2, 11), "pr").await;

    // Bad rules are refused with a message; nothing is saved.
    admin.get("/office/pr").await;
    let r = admin
        .submit("/office/pr/rules", &[("name", ""), ("created_from", "2026-03-01"), ("created_to", "2026-01-01")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Give the rule a name") && r.body.contains("before the first"), "{}", r.body);
    let (empty, page) = rule(&app, &mut admin, &[("name", "Nothing"), ("type_id", "study-permit")]).await;
    assert!(page.contains("This rule matches 0 files."), "{page}");
    let r = admin.submit(&format!("/office/pr/rules/{empty}/waves"), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("matches no file"));

    let (rule_id, page) = rule(
        &app,
        &mut admin,
        &[
            ("name", "EE 2026"),
            ("type_id", "express-entry"),
            ("created_from", "2026-01-01"),
            ("created_to", "2026-06-30"),
        ],
    )
    .await;
    assert!(
        page.contains("This rule matches 10,005 files.") || page.contains("This rule matches 10005 files."),
        "{page}"
    );
    assert_eq!(page.matches("<tr><td>E").count(), 5, "a sample of five");

    // The wave is killed after some batches (the task is aborted mid-flight), then resumed.
    let st = app.running.as_ref().unwrap().state.clone();
    let store = app.store().clone();
    let admin_id = store.account_by_username("admin1").await.unwrap().unwrap().id;
    let wave = store.start_wave(rule_id, 10_005, admin_id, app.clock.now()).await.unwrap();
    let first = {
        let st = st.clone();
        tokio::spawn(async move { st.app.run_wave(wave, None).await })
    };
    loop {
        let w = store.wave(wave).await.unwrap().unwrap();
        if w.issued >= 3_000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    first.abort();
    let _ = first.await;
    let halfway = store.wave(wave).await.unwrap().unwrap();
    assert!(halfway.finished_at.is_none() && halfway.issued < 10_000, "killed before the end: {halfway:?}");
    assert!(st.app.run_wave(wave, None).await.unwrap(), "resumed to the end");
    let done = store.wave(wave).await.unwrap().unwrap();
    assert_eq!((done.issued, done.skipped, done.failed), (10_000, 5, 0), "{done:?}");
    for id in files.iter().step_by(997) {
        let file = crate::helpers::office_file(&store, &id.to_string()).await;
        assert!(store.open_invite(&file).await.unwrap().is_some(), "every file has its code");
    }
    for id in &already {
        let file = crate::helpers::office_file(&store, &id.to_string()).await;
        assert!(store.open_invite(&file).await.unwrap().is_none(), "files already moved get none");
    }
    let mails = store.count_outbox_kind("pr_invite").await.unwrap();
    assert_eq!(mails, 10_000, "one email per code, none doubled");
    // Running it again changes nothing.
    assert!(st.app.run_wave(wave, None).await.unwrap());
    assert_eq!(store.count_outbox_kind("pr_invite").await.unwrap(), 10_000);

    let report = admin.get(&format!("/office/pr/waves/{wave}")).await;
    assert!(report.body.contains("10000 issued, 5 skipped, 0 failed"), "{}", report.body);
    assert!(report.body.contains("Skipped: already in the PR portal"));
}

async fn invite_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, person) = app.registered("petra").await;
    let (mut stranger, _) = app.registered("sam").await;
    let (mut admin, _) = app.staff("admin2", "administrator").await;
    let store = app.store().clone();
    let owner_id = store.account_by_username("petra").await.unwrap().unwrap().id;
    let files = seed_files(&app, 2, "spousal-sponsorship", (2026, 3, 1), "secure").await;
    give_files_to(&app, &files, owner_id).await;

    let (rule_id, _) = rule(&app, &mut admin, &[("name", "Spousal"), ("type_id", "spousal-sponsorship")]).await;
    let r = admin.submit(&format!("/office/pr/rules/{rule_id}/waves"), &[]).await;
    let wave: Uuid = r.location().trim_start_matches("/office/pr/waves/").parse().unwrap();
    for _ in 0..200 {
        if store.wave(wave).await.unwrap().unwrap().finished_at.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    // The email carries the code and plain steps; the secure account shows the move.
    let mut invites = vec![];
    for _ in 0..200 {
        invites = app
            .smtp
            .all()
            .await
            .into_iter()
            .filter(|m| m.to.contains(&person.email) && m.body().contains("Your invite code: "))
            .collect();
        if invites.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(invites.len(), 2, "one email per file");
    let (first, second) = (invites[0].clone(), invites[1].clone());
    assert!(first.header("subject").unwrap().contains("moved to the PR portal"));
    let code_of = |m: &crate::smtp::Received| between(&m.body(), "Your invite code: ", "\n").trim().to_owned();
    let (code1, code2) = (code_of(&first), code_of(&second));
    assert_eq!(code1.len(), 24, "five groups of four: {code1}");
    let home = owner.get("/home").await;
    assert!(home.body.contains("This application moved to the PR portal"), "{}", home.body);

    // No way into the PR portal without a redeemed file.
    assert_eq!(owner.get("/pr").await.status, StatusCode::FORBIDDEN);
    // Bad codes: a clear message, nothing redeemed.
    owner.get("/pr/redeem").await;
    for bad in ["", "not a code", "ABCD-EFGH-JKMN-PQRS-TVWX"] {
        let r = owner.submit("/pr/redeem", &[("code", bad)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("This code is not right"), "{bad}");
    }
    // Someone else's code: refused without the file's date of birth, accepted with it.
    stranger.get("/pr/redeem").await;
    let r = stranger.submit("/pr/redeem", &[("code", &code2), ("date_of_birth", "1999-09-09")]).await;
    let made_up =
        stranger.submit("/pr/redeem", &[("code", "ABCD-EFGH-JKMN-PQRS-TVWX"), ("date_of_birth", "1999-09-09")]).await;
    let error = |body: &str| between(body, "id=\"code-error\">", "<").to_owned();
    assert!(r.body.contains("This code is not right"), "{}", r.body);
    assert_eq!(error(&r.body), error(&made_up.body), "a real code with a wrong date of birth answers as a made-up one");
    // The owner types the code in lower case with spaces instead of dashes.
    let typed = code1.to_lowercase().replace('-', " ");
    let r = owner.submit("/pr/redeem", &[("code", &typed)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pr = owner.get("/pr").await;
    assert_eq!(pr.status, StatusCode::OK);
    assert!(
        pr.body.contains(&format!("id=\"file-{}\"", files[0]))
            || pr.body.contains(&format!("id=\"file-{}\"", files[1]))
    );
    owner.get("/pr/redeem").await;
    let r = owner.submit("/pr/redeem", &[("code", &code1)]).await;
    assert!(r.body.contains("already used"), "single use");
    // A new code for the other file: the old one stops working at once.
    let home = owner.get("/home").await;
    let unredeemed = files.iter().find(|f| home.body.contains(&format!("/pr/files/{f}/new-code"))).copied().unwrap();
    let r = owner.submit(&format!("/pr/files/{unredeemed}/new-code"), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let code3 = between(&r.body, "id=\"invite-code\">", "<").to_owned();
    owner.get("/pr/redeem").await;
    let r = owner.submit("/pr/redeem", &[("code", &code2)]).await;
    assert!(r.body.contains("replaced by a newer one"), "{}", r.body);
    // Expiry: 90 days by default.
    app.advance(Duration::days(91));
    let mut owner = app.sign_in(&person).await;
    owner.get("/pr/redeem").await;
    let r = owner.submit("/pr/redeem", &[("code", &code3)]).await;
    assert!(r.body.contains("has expired"), "{}", r.body);
}

/// Moves seeded files to an account (they were written with an owner of their own).
pub(crate) async fn give_files_to(app: &TestApp, files: &[Uuid], owner: AccountId) {
    let q = "UPDATE applications SET account_id = $1 WHERE id = $2";
    for f in files {
        if app.database_url.starts_with("sqlite:") {
            let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
            sqlx::query(q).bind(owner.0).bind(f).execute(&mut c).await.unwrap();
        } else {
            let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
            sqlx::query(q).bind(owner.0).bind(f).execute(&mut c).await.unwrap();
        }
    }
}

/// 50 redemptions of one code at the same moment: exactly one wins.
async fn fifty_concurrent_redemptions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let store = app.store().clone();
    let files = seed_files(&app, 1, "express-entry", (2026, 1, 5), "secure").await;
    let (_, person) = app.registered("racer").await;
    let owner = store.account_by_username("racer").await.unwrap().unwrap().id;
    let mail = portail_store::NewMail {
        kind: "pr_invite",
        to: person.email.clone(),
        subject: "s".into(),
        body: "b".into(),
        lang: portail_domain::language::Lang::Fr,
    };
    let now = app.clock.now();
    let new = portail_store::invites::NewInvite {
        issued_to: owner.0,
        code_hash: "hash-of-the-code",
        expires_at: now + Duration::days(90),
    };
    let file = crate::helpers::office_file(&store, &files[0].to_string()).await;
    let target = files[0].to_string();
    let mails = [mail];
    let rec = portail_store::Record::audit("officer:test", "invite_issued", &target, "").mails(&mails);
    store.issue_invite(&file, &new, &rec, now).await.unwrap();
    let invite = store.invite_by_hash("hash-of-the-code").await.unwrap().unwrap();
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (store, invite, target) = (store.clone(), invite.clone(), target.clone());
            tokio::spawn(async move {
                let rec = portail_store::Record::audit("applicant:racer", "invite_redeemed", &target, "");
                store.redeem_invite(&invite, owner, &rec, Utc::now()).await.unwrap()
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        if t.await.unwrap() {
            wins += 1;
        }
    }
    assert_eq!(wins, 1, "exactly one of 50 redemptions succeeds");
    let mine = store.reach_file(portail_domain::policy::Reach::Own(owner), files[0]).await.unwrap().unwrap();
    assert!(mine.facts.pr_access, "the winner reaches the file in the PR portal");
    let audited = store.audit_of(&mine).await.unwrap();
    assert_eq!(audited.iter().filter(|r| r.action == "invite_redeemed").count(), 1, "one redemption audited");
}

/// A rule can ask for a processing step in a given state; the preview counts only those files.
async fn rules_select_by_step(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut admin, _) = app.staff("admin3", "administrator").await;
    let files = seed_files(&app, 3, "express-entry", (2026, 5, 1), "secure").await;
    let q = "INSERT INTO application_steps (application_id, step, state, updated_at) VALUES ($1, 'eligibility', 'done', $2)";
    if app.database_url.starts_with("sqlite:") {
        let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query(q).bind(files[1]).bind(Utc::now()).execute(&mut c).await.unwrap();
    } else {
        let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&app.database_url).await.unwrap();
        sqlx::query(q).bind(files[1]).bind(Utc::now()).execute(&mut c).await.unwrap();
    }
    let (_, page) =
        rule(&app, &mut admin, &[("name", "Eligible"), ("step", "eligibility"), ("step_state", "done")]).await;
    assert!(page.contains("This rule matches 1 file."), "{page}");
    let (_, page) = rule(&app, &mut admin, &[("name", "All EE"), ("type_id", "express-entry")]).await;
    assert!(page.contains("This rule matches 3 files."), "{page}");
    admin.get("/office/pr").await;
    let r = admin.submit("/office/pr/rules", &[("name", "Bad"), ("step", "nonsense"), ("step_state", "done")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choose a step and its state"));
}

on_both_databases!(wave_killed_halfway_and_resumed, invite_codes, fifty_concurrent_redemptions, rules_select_by_step);
