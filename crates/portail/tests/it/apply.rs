//! Applying in the secure account: the catalog, drafts filled section by section, family
//! members, the checklist and fees they yield, deleting drafts, and nobody else's drafts.

use reqwest::StatusCode;

use crate::helpers::{Backend, Browser, TestApp, between};
use crate::on_both_databases;

/// Starts a draft of `type_id`; returns its overview path.
pub async fn start(b: &mut Browser, type_id: &str) -> String {
    b.get(&format!("/apply/{type_id}")).await;
    let r = b.submit("/applications", &[("type", type_id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.location();
    assert!(to.starts_with("/applications/"), "{to}");
    to
}

const PERSONAL: &[(&str, &str)] = &[
    ("family_name", "Curie"),
    ("given_names", "Marie"),
    ("date_of_birth", "1990-04-25"),
    ("sex", "f"),
    ("country_of_birth", "PL"),
    ("citizenship", "FR"),
    ("marital_status", "married"),
];

async fn save(b: &mut Browser, draft: &str, section: &str, fields: &[(&str, &str)]) -> crate::helpers::Page {
    b.get(&format!("{draft}/sections/{section}")).await;
    b.submit(&format!("{draft}/sections/{section}"), fields).await
}

pub async fn fill_visitor_visa(b: &mut Browser, draft: &str) {
    let r = save(b, draft, "personal", PERSONAL).await;
    assert_eq!(r.location(), format!("{draft}/sections/passport"), "{}", r.body);
    let r = save(
        b,
        draft,
        "passport",
        &[("number", "AB123456"), ("issued_by", "FR"), ("issued_on", "2025-01-01"), ("expiry", "2035-01-01")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = save(
        b,
        draft,
        "contact",
        &[("phone", "+33 1 23 45 67 89"), ("address", "1 rue Pierre, Paris"), ("residence", "FR")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let trip = [
        ("purpose", "family"),
        ("arrival", "2031-06-01"),
        ("departure", "2031-06-20"),
        ("funds", "5 000,50"),
        ("host_name", "Irène Joliot-Curie"),
    ];
    let r = save(b, draft, "trip", &trip).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = save(b, draft, "background", &[("refused_before", "no"), ("criminal", "no")]).await;
    assert_eq!(r.location(), draft);
}

async fn the_catalog_lists_every_type_and_shows_what_each_asks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("catalog.reader").await;
    let page = b.get("/apply").await;
    for name in [
        "Visitor visa",
        "Study permit",
        "Open work permit",
        "Employer-specific work permit",
        "Express Entry",
        "sponsor your spouse or partner",
    ] {
        assert!(page.body.contains(name), "{name} missing");
    }
    let p = b.get("/apply/express-entry").await;
    for text in ["Language test results", "$950.00", "only in some cases"] {
        assert!(p.body.contains(text), "{text} missing");
    }
    b.get("/lang/fr?next=/apply").await;
    let p = b.get("/apply/study-permit").await;
    assert!(p.body.contains("Lettre d&#39;acceptation") || p.body.contains("Lettre d'acceptation"), "{}", p.body);
    assert!(p.body.contains("150,00"));
    assert_eq!(b.get("/apply/no-such-type").await.status, StatusCode::NOT_FOUND);
    b.get("/apply").await;
    let r = b.submit("/applications", &[("type", "no-such-type")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Dates are typed in three boxes; each wrong date says what is wrong with it, the boxes keep
/// what was typed, and a date that must follow another one is refused when it does not.
async fn dates_are_typed_in_three_boxes_and_refused_with_their_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("dates.one").await;
    let draft = start(&mut b, "visitor-visa").await;
    let page = b.get(&format!("{draft}/sections/trip")).await;
    for name in ["arrival-day", "arrival-month", "arrival-year", "departure-day"] {
        assert!(page.body.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(!page.body.contains("type=\"date\""), "no browser date control, whose order differs from the hint");
    let trip = |arrival: [&'static str; 3], departure: [&'static str; 3]| {
        vec![
            ("purpose", "tourism"),
            ("arrival-day", arrival[0]),
            ("arrival-month", arrival[1]),
            ("arrival-year", arrival[2]),
            ("departure-day", departure[0]),
            ("departure-month", departure[1]),
            ("departure-year", departure[2]),
            ("funds", "5000"),
        ]
    };
    let cases: [([&str; 3], [&str; 3], &str); 5] = [
        (
            ["31", "4", "2031"],
            ["1", "5", "2031"],
            "“Planned date of arrival” must be a real date (that day does not exist)",
        ),
        (["1", "", "2031"], ["1", "5", "2031"], "“Planned date of arrival” must include a day, a month and a year"),
        (["1", "6", "31"], ["1", "5", "2031"], "Enter the year with four digits"),
        (
            ["20", "6", "2031"],
            ["1", "6", "2031"],
            "“Planned date of departure” must be after “Planned date of arrival”",
        ),
        (["1", "6", "2020"], ["1", "7", "2031"], "“Planned date of arrival” must be in the future"),
    ];
    for (arrival, departure, message) in cases {
        let r = save(&mut b, &draft, "trip", &trip(arrival, departure)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains(message), "{message}: {}", between(&r.body, "<main", "</form>"));
        assert!(
            r.body.contains(&format!(
                "name=\"arrival-year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" value=\"{}\"",
                arrival[2]
            )),
            "typed year kept"
        );
    }
    let r = save(&mut b, &draft, "trip", &trip(["1", "6", "2031"], ["20", "6", "2031"])).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Saved as a date, shown back in the boxes without the zeros.
    let page = b.get(&format!("{draft}/sections/trip")).await;
    assert!(
        page.body.contains("name=\"departure-day\" type=\"text\" inputmode=\"numeric\" maxlength=\"2\" value=\"20\"")
    );
    // A passport issued in the future, or expired, is refused with its own message.
    let passport = [("number", "AB1"), ("issued_by", "FR"), ("issued_on", "2031-06-01"), ("expiry", "2024-01-01")];
    let r = save(&mut b, &draft, "passport", &passport).await;
    for message in ["“Date of issue” must be in the past", "“Expiry date” must be in the future"] {
        assert!(r.body.contains(message), "{message}: {}", between(&r.body, "<main", "</form>"));
    }
}

async fn a_draft_is_filled_section_by_section_and_waits_for_its_owner(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, p) = app.registered("visitor.one").await;
    let draft = start(&mut b, "visitor-visa").await;
    let overview = b.get(&draft).await;
    assert!(overview.body.contains("Sections complete: 0 of 5"), "no section done yet");
    // Bad answers: clear messages, nothing saved.
    let bad = [
        ("family_name", ""),
        ("given_names", "Marie"),
        ("date_of_birth", "2999-01-01"),
        ("sex", "q"),
        ("country_of_birth", "ZZ"),
        ("citizenship", "FR"),
        ("marital_status", "married"),
    ];
    let r = save(&mut b, &draft, "personal", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in [
        "Answer “Family name (as on your passport)”",
        "“Date of birth” must be in the past",
        "Choose one of the answers",
        "Choose a country from the list",
    ] {
        assert!(r.body.contains(msg), "{msg}: {}", between(&r.body, "<main", "</form>"));
    }
    assert!(r.body.contains("href=\"#family_name\""), "error summary links to the field");
    fill_visitor_visa(&mut b, &draft).await;
    let overview = b.get(&draft).await;
    assert!(overview.body.contains("Sections complete: 5 of 5"), "{}", overview.body);
    // The checklist follows the answers: visiting family asks for an invitation letter.
    assert!(overview.body.contains("Letter of invitation"));
    assert!(!overview.body.contains("Refusal letter"));
    assert!(overview.body.contains("$185.00"), "visa + biometrics for one person");
    // Money was normalised, and a saved section shows its answers again.
    let trip = b.get(&format!("{draft}/sections/trip")).await;
    assert!(trip.body.contains("value=\"5000.50\""));
    // Days later: signing in again, the draft is on the home page.
    let mut again = app.sign_in(&p).await;
    let home = again.get("/home").await;
    assert!(
        home.body.contains("Visitor visa") && home.body.contains("Draft") && home.body.contains("Finish and submit")
    );
}

async fn family_members_change_the_checklist_and_the_fees(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("family.one").await;
    let draft = start(&mut b, "express-entry").await;
    save(&mut b, &draft, "personal", PERSONAL).await;
    b.get(&format!("{draft}/members")).await;
    let r = b
        .submit(
            &format!("{draft}/members"),
            &[
                ("given_name", "Pierre"),
                ("family_name", "Curie"),
                ("relationship", "spouse"),
                ("date_of_birth", "1989-05-15"),
            ],
        )
        .await;
    assert_eq!(r.location(), format!("{draft}#family"));
    b.get(&format!("{draft}/members")).await;
    let r = b
        .submit(
            &format!("{draft}/members"),
            &[
                ("given_name", "Ève"),
                ("family_name", "Curie"),
                ("relationship", "dependent_child"),
                ("date_of_birth", "2020-12-06"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = b
        .submit(
            &format!("{draft}/members"),
            &[("given_name", ""), ("relationship", "cousin"), ("date_of_birth", "tomorrow")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let overview = b.get(&draft).await;
    // Birth certificates for each member, police certificates for each adult (2 of 3).
    assert_eq!(overview.body.matches(">Birth certificate</a>").count(), 2);
    assert_eq!(overview.body.matches(">Police certificates</a>").count(), 2);
    // $950 principal + $575 × 2 adults + $260 × 2 members + $85 × 3 biometrics = $2,875.
    assert!(overview.body.contains("$2,875.00"), "{}", between(&overview.body, "id=\"fees\"", "</table>"));
    // Remove the child: the fees follow.
    let child = between(&overview.body, "/members/", "/remove").to_owned();
    let rows: Vec<&str> = overview.body.split("/members/").skip(1).collect();
    let eve =
        rows.iter().find(|r| r.contains("Ève") || r.contains("&#200;ve")).map(|r| r.split('/').next().unwrap_or(""));
    let target = eve.unwrap_or(&child).to_owned();
    let r = b.submit(&format!("{draft}/members/{target}/remove"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let overview = b.get(&draft).await;
    assert_eq!(overview.body.matches(">Birth certificate</a>").count(), 1);
}

async fn answers_to_questions_that_no_longer_apply_are_dropped(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("changes.mind").await;
    let draft = start(&mut b, "visitor-visa").await;
    let yes = [("refused_before", "yes"), ("refusal_details", "UK, 2019, insufficient funds"), ("criminal", "no")];
    assert_eq!(save(&mut b, &draft, "background", &yes).await.status, StatusCode::SEE_OTHER);
    assert!(b.get(&draft).await.body.contains("Refusal letter"));
    let r = save(&mut b, &draft, "background", &[("refused_before", "yes"), ("criminal", "no")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a refusal needs its details");
    assert!(r.body.contains("Answer “Give the country, the date and the reason”"), "the question is named");
    let no = [("refused_before", "no"), ("refusal_details", "should be dropped"), ("criminal", "no")];
    save(&mut b, &draft, "background", &no).await;
    let page = b.get(&format!("{draft}/sections/background")).await;
    assert!(!page.body.contains("should be dropped"));
    assert!(!b.get(&draft).await.body.contains("Refusal letter"));
}

async fn another_persons_draft_is_not_found_on_every_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, p) = app.registered("owner.one").await;
    let draft = start(&mut owner, "visitor-visa").await;
    save(&mut owner, &draft, "personal", PERSONAL).await;
    let (mut other, _) = app.registered("other.one").await;
    other.get("/home").await;
    let member = uuid::Uuid::new_v4();
    for (method, path) in [
        ("GET", draft.clone()),
        ("GET", format!("{draft}/sections/personal")),
        ("POST", format!("{draft}/sections/personal")),
        ("GET", format!("{draft}/members")),
        ("POST", format!("{draft}/members")),
        ("POST", format!("{draft}/members/{member}/remove")),
        ("GET", format!("{draft}/delete")),
        ("POST", format!("{draft}/delete")),
    ] {
        let r = if method == "GET" { other.get(&path).await } else { other.submit(&path, PERSONAL).await };
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    assert!(!other.get("/home").await.body.contains("Visitor visa"));
    let mut owner = app.sign_in(&p).await;
    let page = owner.get(&format!("{draft}/sections/personal")).await;
    assert!(page.body.contains("value=\"Curie\""), "the owner's draft is untouched");
}

async fn deleting_a_draft_asks_first_and_removes_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _) = app.registered("delete.draft").await;
    let draft = start(&mut b, "study-permit").await;
    let confirm = b.get(&format!("{draft}/delete")).await;
    assert!(confirm.body.contains("Delete this draft?"));
    let r = b.submit(&format!("{draft}/delete"), &[]).await;
    assert_eq!(r.location(), "/home?m=draft-deleted");
    let home = b.get("/home?m=draft-deleted").await;
    assert!(home.body.contains("The draft was deleted") && home.body.contains("You have no applications yet"));
    assert_eq!(b.get(&draft).await.status, StatusCode::NOT_FOUND);
}

async fn concurrent_saves_of_one_draft_lose_nothing_silently(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (b, p) = app.registered("two.windows").await;
    let mut b = b;
    let draft = start(&mut b, "express-entry").await;
    let mut windows = Vec::new();
    for _ in 0..4 {
        let mut w = app.sign_in(&p).await;
        w.get(&format!("{draft}/members")).await;
        windows.push(w);
    }
    let path = format!("{draft}/members");
    let futures = windows.iter_mut().enumerate().map(|(i, w)| {
        let path = path.clone();
        async move {
            let name = format!("Child{i}");
            let fields = [
                ("given_name", name.as_str()),
                ("family_name", "X"),
                ("relationship", "dependent_child"),
                ("date_of_birth", "2015-01-01"),
            ];
            w.submit(&path, &fields).await.status
        }
    });
    let statuses = futures_join_all(futures).await;
    let saved = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert!(statuses.iter().all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::CONFLICT), "{statuses:?}");
    let overview = b.get(&draft).await;
    assert_eq!(overview.body.matches("/remove\"").count(), saved, "every acknowledged save is kept");
}

async fn futures_join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut out = Vec::new();
    let handles: Vec<_> = futures.into_iter().collect();
    // Poll them together so that the requests overlap.
    let mut pinned: Vec<_> = handles.into_iter().map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    for r in results {
        out.extend(r);
    }
    out
}

on_both_databases!(
    the_catalog_lists_every_type_and_shows_what_each_asks,
    dates_are_typed_in_three_boxes_and_refused_with_their_reason,
    a_draft_is_filled_section_by_section_and_waits_for_its_owner,
    family_members_change_the_checklist_and_the_fees,
    answers_to_questions_that_no_longer_apply_are_dropped,
    another_persons_draft_is_not_found_on_every_route,
    deleting_a_draft_asks_first_and_removes_it,
    concurrent_saves_of_one_draft_lose_nothing_silently,
);
