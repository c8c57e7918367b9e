//! Supporting documents: uploads checked by content, images cleaned, encrypted at rest, served
//! only to their owner, and a hostile corpus that gets clear 4xx answers and leaves nothing behind.

use reqwest::StatusCode;
use std::path::Path;

use crate::helpers::{Backend, Browser, TestApp, between, multipart, pdf};
use crate::on_both_databases;

async fn draft_with_passport_item(app: &TestApp, user: &str) -> (Browser, String, String) {
    let (mut b, _) = app.registered(user).await;
    b.get("/apply/visitor-visa").await;
    let draft = b.submit("/applications", &[("type", "visitor-visa")]).await.location();
    let item = format!("{draft}/documents/passport:principal");
    let page = b.get(&item).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    (b, draft, item)
}

fn files_in(dir: &Path) -> usize {
    fn walk(p: &Path) -> usize {
        std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum())
            .unwrap_or(0)
    }
    walk(dir)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG header that claims 50,000 × 50,000 pixels (and a tiny, useless body).
fn png_bomb() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(50_000u32.to_be_bytes());
    ihdr.extend(50_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    out.extend(&[0u8; 64]);
    out
}

/// A real JPEG carrying an EXIF segment with a GPS block and a recognisable marker.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let mut tiff = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    // IFD0: one entry, GPSInfo (0x8825) → offset 26.
    tiff.extend([1, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef = "N".
    tiff.extend([1, 0, 1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0, 0, 0, 0, 0]);
    tiff.extend(b"GPSMARKER-45.5017,-73.5673");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

async fn a_pdf_is_uploaded_listed_downloaded_and_stored_encrypted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, draft, item) = draft_with_passport_item(&app, "uploader.one").await;
    let file = pdf(2000);
    let r = b.upload(&item, "passport scan.pdf", &file).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(&r.location()).await;
    assert!(page.body.contains("Your file was received") && page.body.contains("passport scan.pdf"));
    // On to the next document still missing, not back to the overview.
    assert!(
        page.body.contains(&format!(
            "href=\"{draft}/documents/photo%3Aprincipal\" id=\"next-document\">Next document: Digital photo"
        )),
        "{}",
        between(&page.body, "<main", "</main>")
    );
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&file))
    };
    assert!(page.body.contains(&sha), "the receipt is the SHA-256 of the file");
    let overview = b.get(&draft).await;
    assert!(overview.body.contains("Uploaded</strong> passport scan.pdf"));
    // Download: the same bytes, as an attachment, never rendered in our origin.
    let link = crate::helpers::between(&page.body, "<dd><a href=\"/applications/", "\"").to_owned();
    let r = b.get(&format!("/applications/{link}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "application/pdf");
    assert!(r.header("content-disposition").starts_with("attachment; filename=\"passport scan.pdf\""));
    assert!(r.header("content-security-policy").starts_with("sandbox"));
    assert_eq!(r.header("cache-control"), "no-store");
    assert_eq!(reqwest_bytes(&mut b, &format!("/applications/{link}")).await, file);
    // At rest, the object does not contain the document's text.
    let objects = app.data_dir.join("objects");
    assert_eq!(files_in(&objects), 1);
    let stored = std::fs::read(walk_first(&objects)).unwrap();
    assert!(!stored.windows(22).any(|w| w == b"portail test document"), "encrypted at rest");
    // Replacing keeps one file; the old object is gone.
    let r = b.upload(&item, "passport-v2.pdf", &pdf(10)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(files_in(&objects), 1);
    let page = b.get(&item).await;
    assert!(page.body.contains("passport-v2.pdf") && !page.body.contains("passport scan.pdf"));
    // Remove.
    let doc = crate::helpers::between(&page.body, "/files/", "\"").to_owned();
    let r = b.submit(&format!("{draft}/files/{doc}/remove"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(files_in(&objects), 0);
    assert!(b.get(&draft).await.body.contains("Not uploaded"));
}

fn walk_first(p: &Path) -> std::path::PathBuf {
    let e = std::fs::read_dir(p).unwrap().flatten().next().unwrap_or_else(|| panic!("no file under {}", p.display()));
    if e.path().is_dir() { walk_first(&e.path()) } else { e.path() }
}

async fn images_lose_their_metadata(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _, _) = draft_with_passport_item(&app, "photo.one").await;
    let draft_item = b.get("/home").await.body;
    let id = crate::helpers::between(&draft_item, "href=\"/applications/", "\"").to_owned();
    let item = format!("/applications/{id}/documents/photo:principal");
    b.get(&item).await;
    let jpeg = jpeg_with_gps();
    assert!(jpeg.windows(9).any(|w| w == b"GPSMARKER"));
    let r = b.upload(&item, "IMG_0001.JPG", &jpeg).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(&item).await;
    let link = crate::helpers::between(&page.body, "<dd><a href=\"", "\"").to_owned();
    let r = b.get(&link).await;
    assert_eq!(r.header("content-type"), "image/jpeg");
    let raw = reqwest_bytes(&mut b, &link).await;
    assert!(raw.starts_with(&[0xff, 0xd8]), "still a JPEG");
    assert!(!raw.windows(9).any(|w| w == b"GPSMARKER"), "EXIF GPS is gone");
    assert!(!raw.windows(4).any(|w| w == b"Exif"), "no EXIF at all");
    assert!(image::load_from_memory(&raw).is_ok());
}

/// The body as bytes (the page helper reads text).
pub async fn reqwest_bytes(b: &mut Browser, path: &str) -> Vec<u8> {
    let cookie = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let base = b.base().to_owned();
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

async fn a_hostile_upload_corpus_gets_clear_answers_and_leaves_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _, item) = draft_with_passport_item(&app, "hostile.one").await;
    let over = {
        let mut v = pdf(0);
        v.resize(10 * 1024 * 1024 + 1, b'%');
        v
    };
    let mut truncated = pdf(5000);
    truncated.truncate(truncated.len() / 2);
    let polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n".to_vec();
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("big.pdf", over, StatusCode::PAYLOAD_TOO_LARGE, "larger than 10 MiB"),
        (
            "page.pdf",
            b"<!doctype html><html><script>alert(1)</script></html>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "is not a PDF, JPEG or PNG",
        ),
        ("polyglot.pdf", polyglot, StatusCode::UNPROCESSABLE_ENTITY, "is not a PDF, JPEG or PNG"),
        ("cut.pdf", truncated, StatusCode::UNPROCESSABLE_ENTITY, "This PDF cannot be opened"),
        ("huge.png", png_bomb(), StatusCode::UNPROCESSABLE_ENTITY, "too many pixels"),
        ("empty.pdf", Vec::new(), StatusCode::UNPROCESSABLE_ENTITY, "This file is empty"),
        (
            "script.pdf",
            b"#!/bin/sh\nrm -rf /\n".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "is not a PDF, JPEG or PNG",
        ),
    ];
    for (name, bytes, status, message) in cases {
        b.get(&item).await;
        let r = b.upload(&item, name, &bytes).await;
        assert_eq!(r.status, status, "{name}");
        assert!(r.body.contains(message), "{name}: {message:?} not in page");
        assert!(r.body.contains("class=\"error-summary\""));
    }
    // Hostile names are kept only in a clean form.
    for name in ["../../etc/passwd.pdf", "a\r\nX-Evil: 1.pdf", "quote\"d'.pdf", &format!("{}😀.pdf", "n".repeat(300))]
    {
        b.get(&item).await;
        let r = b.upload(&item, name, &pdf(1)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{name:?}");
        let page = b.get(&item).await;
        let link = crate::helpers::between(&page.body, "<dd><a href=\"", "\"").to_owned();
        let d = b.get(&link).await;
        let cd = d.header("content-disposition");
        assert!(!cd.contains('\r') && !cd.contains('\n') && !cd.contains("..") && !cd.contains('/'), "{cd}");
        assert!(d.header("x-evil").is_empty());
    }
    // Nothing half-stored: only the last good file's object and no temporary file.
    assert_eq!(files_in(&app.data_dir.join("objects")), 1);
    assert_eq!(files_in(&app.data_dir.join("uploads")), 0);
    // The CSRF token must come first; a file without it is refused.
    let (boundary, body) = multipart(&[], Some(("x.pdf", &pdf(1))));
    let r = b.post_raw(&item, &format!("multipart/form-data; boundary={boundary}"), body).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

async fn a_connection_cut_halfway_leaves_nothing_behind(backend: Backend) {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn(backend).await;
    let (mut b, _, item) = draft_with_passport_item(&app, "cut.off").await;
    let csrf = b.csrf.clone();
    let (boundary, body) = multipart(&[("csrf", &csrf)], Some(("half.pdf", &pdf(400_000))));
    let addr = b.base().trim_start_matches("http://").to_owned();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let cookie = b.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let head = format!(
        "POST {item} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&body[..body.len() / 2]).await.unwrap();
    tcp.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(tcp);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(files_in(&app.data_dir.join("uploads")), 0, "the partial file is gone");
    assert_eq!(files_in(&app.data_dir.join("objects")), 0);
    assert!(b.get(&item).await.body.contains("Upload the file"), "no document recorded");
}

async fn the_application_total_is_capped(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.web.max_file_mib = 1;
        c.web.max_application_mib = 1;
    })
    .await;
    let (mut b, draft, item) = draft_with_passport_item(&app, "capped.one").await;
    let r = b.upload(&item, "a.pdf", &pdf(700_000)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let photo = format!("{draft}/documents/funds_proof:principal");
    b.get(&photo).await;
    let r = b.upload(&photo, "b.pdf", &pdf(700_000)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("over 1 MiB in all"));
    assert_eq!(files_in(&app.data_dir.join("objects")), 1, "the refused file's object was removed");
    // Replacing the first file with a smaller one is fine: its own size does not count twice.
    b.get(&item).await;
    assert_eq!(b.upload(&item, "a2.pdf", &pdf(600_000)).await.status, StatusCode::SEE_OTHER);
}

async fn another_persons_documents_are_not_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut owner, draft, item) = draft_with_passport_item(&app, "doc.owner").await;
    owner.upload(&item, "mine.pdf", &pdf(10)).await;
    let page = owner.get(&item).await;
    let file = crate::helpers::between(&page.body, "<dd><a href=\"", "\"").to_owned();
    let (mut other, _) = app.registered("doc.thief").await;
    other.get("/home").await;
    assert_eq!(other.get(&file).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&item).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.submit(&format!("{file}/remove"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.upload(&item, "x.pdf", &pdf(1)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(owner.get(&file).await.status, StatusCode::OK, "the owner's file is untouched");
    // An item that is not on the checklist does not exist.
    assert_eq!(owner.get(&format!("{draft}/documents/nothing:principal")).await.status, StatusCode::NOT_FOUND);
}

async fn the_cleanup_removes_leftovers_but_never_a_kept_document(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (mut b, _, item) = draft_with_passport_item(&app, "cleanup.one").await;
    b.upload(&item, "keep.pdf", &pdf(10)).await;
    let st = &app.running.as_ref().unwrap().state;
    // An orphan object (as a crash between the object and the row would leave) and a stale upload.
    let orphan_src = app.data_dir.join("orphan.bin");
    std::fs::write(&orphan_src, b"left behind").unwrap();
    st.app.documents.put_file(&orphan_src).await.unwrap();
    std::fs::create_dir_all(app.data_dir.join("uploads")).unwrap();
    std::fs::write(app.data_dir.join("uploads/stale.part"), b"x").unwrap();
    assert_eq!(files_in(&app.data_dir.join("objects")), 2);
    // The empty staging part a write cut by a crash leaves: the object store's listing skips it.
    std::fs::write(app.data_dir.join("objects/documents/0123abcd#1"), b"").unwrap();
    let uploads = app.data_dir.join("uploads");
    let clean = |at| portail::server::clean_uploads(app.store(), &st.app.documents, &uploads, at);
    // Right away nothing goes: an upload in flight keeps its files.
    assert_eq!(clean(chrono::Utc::now()).await.unwrap(), (0, 0));
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    assert_eq!(clean(later).await.unwrap(), (2, 1), "the stale upload and the staging part; the orphan");
    assert!(!app.data_dir.join("objects/documents/0123abcd#1").exists());
    assert_eq!(files_in(&app.data_dir.join("objects")), 1);
    let page = b.get(&item).await;
    let link = crate::helpers::between(&page.body, "<dd><a href=\"", "\"").to_owned();
    assert_eq!(b.get(&link).await.status, StatusCode::OK, "the kept document still opens");
}

on_both_databases!(
    a_pdf_is_uploaded_listed_downloaded_and_stored_encrypted,
    images_lose_their_metadata,
    a_hostile_upload_corpus_gets_clear_answers_and_leaves_nothing,
    a_connection_cut_halfway_leaves_nothing_behind,
    the_application_total_is_capped,
    another_persons_documents_are_not_found,
    the_cleanup_removes_leftovers_but_never_a_kept_document,
);
