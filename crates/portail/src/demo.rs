//! The demo: accounts to try portail without registering, each with a printed TOTP secret, and
//! `portail demo totp USER` to print the current code. Only accounts flagged as demo accounts
//! can be read this way; nothing of this runs outside `portail demo`.

use chrono::Utc;
use portail_app::hashing::PasswordHasher;
use portail_app::keys::totp_context;
use portail_documents::Keys;
use portail_domain::account::Role;
use portail_domain::language::Lang;
use portail_domain::policy::Reach;
use portail_domain::totp::TotpSecret;
use portail_store::Record;
use portail_store::Store;
use portail_store::accounts::NewAccount;

/// The demo accounts: username, role, email.
pub const DEMO_ACCOUNTS: &[(&str, Role, &str)] = &[
    ("demo-applicant", Role::Applicant, "applicant@demo.portail.invalid"),
    ("demo-representative", Role::Representative, "representative@demo.portail.invalid"),
    ("demo-officer", Role::Officer, "officer@demo.portail.invalid"),
    ("demo-admin", Role::Administrator, "admin@demo.portail.invalid"),
];

/// The one password of every demo account (printed at start; demo only).
pub const DEMO_PASSWORD: &str = "demo passphrase for portail";

/// Creates the demo accounts that do not exist yet; returns (username, role, TOTP secret).
pub async fn seed(store: &Store, hasher: &PasswordHasher, keys: &Keys) -> anyhow::Result<Vec<(String, Role, String)>> {
    let mut out = Vec::new();
    for (username, role, email) in DEMO_ACCOUNTS {
        let secret = match store.demo_account(username).await? {
            Some((id, Some(s))) => keys.open_secret(&s, &totp_context(id))?.to_string(),
            // Made but not enrolled (a start stopped between the two steps): finish it now.
            Some((id, None)) => enrol_demo(store, keys, id).await?,
            None => {
                let hash = hasher.hash(DEMO_PASSWORD).await?;
                let new =
                    NewAccount { username, email, role: *role, lang: Lang::En, password_hash: &hash, is_demo: true };
                let id = store.create_account(&new, None, None, Utc::now()).await?;
                enrol_demo(store, keys, id).await?
            }
        };
        out.push(((*username).to_owned(), *role, secret));
    }
    Ok(out)
}

/// Confirms a demo account and enrols it with a new TOTP secret, which it returns.
async fn enrol_demo(store: &Store, keys: &Keys, id: portail_domain::account::AccountId) -> anyhow::Result<String> {
    let secret = TotpSecret::generate().to_base32();
    store.finish_demo_account(id, &keys.seal_secret(&secret, &totp_context(id)), Utc::now()).await?;
    Ok(secret)
}

/// The current TOTP code of a demo account, or `None` if it is not one.
pub async fn current_code(store: &Store, keys: &Keys, username: &str) -> anyhow::Result<Option<String>> {
    let Some((id, Some(sealed))) = store.demo_account(username).await? else {
        return Ok(None);
    };
    let secret = keys.open_secret(&sealed, &totp_context(id))?;
    Ok(TotpSecret::from_base32(&secret).and_then(|s| s.code_at(Utc::now())))
}

/// An application made outside the account, which its applicant can link by number, UCI and
/// date of birth.
pub struct PaperFile {
    pub number: String,
    pub type_id: String,
    pub uci: String,
    pub birth: chrono::NaiveDate,
    pub stage: String,
}

impl PaperFile {
    pub fn parse(
        number: &str,
        type_id: &str,
        uci: &str,
        dob: &str,
        stage: &str,
        catalog: &portail_domain::catalog::Catalog,
    ) -> anyhow::Result<PaperFile> {
        use portail_domain::application::{ApplicationNumber, Stage, parse_uci};
        let number = ApplicationNumber::parse(number)
            .ok_or_else(|| anyhow::anyhow!("--number must be one letter and nine digits"))?;
        if catalog.get(type_id).is_none() {
            anyhow::bail!("--type {type_id} is not in the catalog");
        }
        let uci = parse_uci(uci).ok_or_else(|| anyhow::anyhow!("--uci must be 8 or 10 digits"))?;
        let birth = chrono::NaiveDate::parse_from_str(dob, "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("--dob must be YYYY-MM-DD"))?;
        match Stage::parse(stage) {
            Some(Stage::Submitted | Stage::Received | Stage::InProgress) => {}
            _ => anyhow::bail!("--stage must be submitted, received or in_progress"),
        }
        Ok(PaperFile {
            number: number.as_str().to_owned(),
            type_id: type_id.to_owned(),
            uci,
            birth,
            stage: stage.to_owned(),
        })
    }

    pub async fn create(&self, store: &Store) -> anyhow::Result<()> {
        store.create_paper_file(&self.number, &self.type_id, &self.uci, self.birth, &self.stage, Utc::now()).await?;
        Ok(())
    }
}

/// The demo's paper files (created once).
pub async fn seed_paper_files(
    store: &Store,
    catalog: &portail_domain::catalog::Catalog,
) -> anyhow::Result<Vec<PaperFile>> {
    let files = [
        PaperFile::parse("V100000001", "visitor-visa", "1111-2222", "1985-03-15", "received", catalog)?,
        PaperFile::parse("E100000002", "express-entry", "33-4444-5555", "1979-11-02", "in_progress", catalog)?,
    ];
    for f in &files {
        f.create(store).await?;
    }
    Ok(files.into_iter().collect())
}

/// Creates a staff account with a random temporary password (returned, to print once).
pub async fn create_staff(store: &Store, username: &str, email: &str, role: &str) -> anyhow::Result<String> {
    use portail_domain::account::{Email, Username};
    let username = Username::parse(username).map_err(|_| anyhow::anyhow!("--username: 3 to 32 of a-z 0-9 . _ -"))?;
    let email = Email::parse(email).map_err(|_| anyhow::anyhow!("--email is not an address"))?;
    let role = match Role::parse(role) {
        Some(r) if r.is_staff() => r,
        _ => anyhow::bail!("--role must be officer or administrator"),
    };
    let password = portail_domain::secret::new_token()[..24].to_owned();
    let pool = portail_app::cpu_pool::CpuPool::new(1, "staff-hash")?;
    let hasher = PasswordHasher::new(19 * 1024, 2, 1, pool)?;
    let hash = hasher.hash(&password).await?;
    let new = NewAccount {
        username: username.as_str(),
        email: email.as_str(),
        role,
        lang: Lang::En,
        password_hash: &hash,
        is_demo: false,
    };
    store.create_account(&new, None, None, Utc::now()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(password)
}

/// Two submitted Express Entry files of `demo-applicant` (created once), for the PR portal: an
/// administrator moves them with a wave (`/office/pr`), and the codes arrive by mail.
pub async fn seed_pr_files(store: &Store) -> anyhow::Result<Vec<(String, String)>> {
    use portail_domain::application::{Answers, ApplicationNumber, new_uci, status::initial_steps};
    let Some(owner) = store.account_by_username("demo-applicant").await? else { return Ok(vec![]) };
    let existing: Vec<_> =
        store.applications_of(owner.id).await?.into_iter().filter(|a| a.type_id == "express-entry").collect();
    if !existing.is_empty() {
        return Ok(existing.into_iter().filter_map(|a| a.number).map(|n| (n, String::new())).collect());
    }
    let mut out = vec![];
    for (given, born) in [("Amira", "1985-03-15"), ("Karim", "1990-07-02")] {
        let now = Utc::now();
        let id = uuid::Uuid::new_v4();
        let target = id.to_string();
        let rec = |action| Record::audit("system:demo", action, &target, "");
        store
            .create_draft(owner.id, id, "express-entry", &rec("draft_started").timeline("draft_started", ""), now)
            .await?;
        let file = store.reach_file(Reach::Own(owner.id), id).await?.ok_or_else(|| anyhow::anyhow!("demo draft"))?;
        let mut answers = Answers::new();
        answers.insert("personal.given_names".into(), given.into());
        answers.insert("personal.family_name".into(), "Haddad".into());
        answers.insert("personal.date_of_birth".into(), born.into());
        let draft = portail_store::applications::DraftContent { answers: &answers, members: &[], version: 1 };
        store.save_draft(&file, &draft, &rec("draft_saved"), now).await?;
        store.record_payment(&file, "DEMO-PR-FILE", 155_000, &rec("fee_paid").timeline("fee_paid", ""), now).await?;
        let steps = initial_steps(true);
        let mail = portail_store::NewMail {
            kind: "application_submitted",
            to: owner.email.clone(),
            subject: "Demo application submitted".into(),
            body: "A demo Express Entry application was submitted for the PR-portal demo.".into(),
            lang: portail_domain::language::Lang::En,
        };
        loop {
            let number = ApplicationNumber::generate('E');
            let key = portail_domain::secret::new_token();
            let uci = new_uci();
            let s = portail_store::submission::Submission {
                number: number.as_str(),
                declaration_name: given,
                submit_key: &key,
                steps: &steps,
                uci: &uci,
            };
            let mails = [mail.clone()];
            let submitted = rec("submitted").timeline("submitted", number.as_str()).mails(&mails);
            match store.submit(&file, &s, &submitted, now).await? {
                portail_store::submission::SubmitOutcome::NumberTaken => continue,
                _ => {
                    out.push((number.as_str().to_owned(), born.to_owned()));
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// Makes an API token for a demo account (demo accounts only), for `portail demo token` and the
/// demo's start: read and write, 30 days.
pub async fn demo_token(store: &Store, username: &str) -> anyhow::Result<String> {
    let account = store
        .account_by_username(username)
        .await?
        .filter(|a| a.is_demo)
        .ok_or_else(|| anyhow::anyhow!("{username} is not a demo account"))?;
    let secret = format!("{}{}", portail_app::tokens::TOKEN_PREFIX, portail_domain::secret::new_token());
    let hash = portail_domain::secret::digest(&secret);
    let id = uuid::Uuid::new_v4();
    let now = Utc::now();
    let new = portail_store::tokens::NewToken {
        id,
        name: "demo",
        token_hash: &hash,
        scopes: "read write",
        expires_at: now + chrono::Duration::days(30),
    };
    let target = format!("token:{id}");
    store
        .create_token(account.id, &new, &Record::audit("system:demo", "token_created", &target, "read write"), now)
        .await?;
    Ok(secret)
}

/// `demo-representative` as a verified licensed consultant (created once); returns the
/// representative number. No client appoints them: demo-applicant can, on their account page (the
/// API check uses demo-representative as the stranger to demo-applicant's files).
pub async fn seed_representation(store: &Store) -> anyhow::Result<Option<String>> {
    use portail_domain::representation::{RepKind, RepStatus};
    use portail_store::representatives::NewRepresentative;
    let Some(rep) = store.account_by_username("demo-representative").await? else { return Ok(None) };
    if let Some(existing) = store.representative(rep.id).await? {
        return Ok(Some(existing.number));
    }
    let now = Utc::now();
    let target = format!("representative:{}", rep.id.0);
    let profile = NewRepresentative {
        number: "R00000042",
        kind: RepKind::Consultant,
        full_name: "Dana Demo",
        membership: "R123456",
        business_name: "Demo Immigration Services",
        business_address: "1 Demo Street, Ottawa ON",
    };
    store
        .create_representative(
            rep.id,
            &profile,
            &Record::audit("system:demo", "representative_requested", &target, ""),
            now,
        )
        .await?;
    let verified = Record::audit("system:demo", "representative_decided", &target, "verified");
    store.decide_representative(rep.id, RepStatus::Pending, RepStatus::Verified, "", &verified, now).await?;
    Ok(Some(profile.number.to_owned()))
}
