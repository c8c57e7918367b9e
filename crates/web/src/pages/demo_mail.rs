//! Reading a mail file as a person would see it in a mail client: the headers that matter with
//! RFC 2047 encoded words decoded (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`), and the body decoded from
//! quoted-printable or base64. Demo only (the demo mailbox page).

use base64::Engine;

/// A decoded mail: from, to, subject, date and the plain body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub date: String,
    pub body: String,
    /// The Content-Language header (`en`, `fr`), for the `lang` of the shown mail; empty
    /// when absent.
    pub lang: String,
}

/// Decodes the raw text of one `.eml` file (headers, a blank line, the body).
pub fn decode(raw: &str) -> Decoded {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw.as_str(), ""));
    // Unfold continuation lines first (a header may run over several lines).
    let unfolded = head.replace("\n ", " ").replace("\n\t", " ");
    let mut out = Decoded::default();
    let mut encoding = String::new();
    for line in unfolded.lines() {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = words(value.trim());
        match name.to_ascii_lowercase().as_str() {
            "from" => out.from = value,
            "to" => out.to = value,
            "subject" => out.subject = value,
            "date" => out.date = value,
            "content-language" if value == "en" || value == "fr" => out.lang = value,
            "content-transfer-encoding" => encoding = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    out.body = match encoding.as_str() {
        "quoted-printable" => utf8(quoted_printable::decode(body, quoted_printable::ParseMode::Robust).ok()),
        "base64" => {
            utf8(base64::engine::general_purpose::STANDARD.decode(body.split_whitespace().collect::<String>()).ok())
        }
        _ => body.to_owned(),
    };
    out
}

fn utf8(bytes: Option<Vec<u8>>) -> String {
    bytes.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
}

/// A header value with its encoded words decoded; anything that does not decode stays as it is.
fn words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let Some(word) = rest[start..].get(2..).and_then(encoded_word) else {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            last_was_word = false;
            continue;
        };
        let between = &rest[..start];
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        if !(last_was_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        out.push_str(&word.0);
        rest = &rest[start + 2 + word.1..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}

/// `charset?B|Q?text?=` (after the leading `=?`): the text and how many bytes it took.
fn encoded_word(w: &str) -> Option<(String, usize)> {
    let mut parts = w.splitn(3, '?');
    let (_charset, kind, tail) = (parts.next()?, parts.next()?, parts.next()?);
    let end = tail.find("?=")?;
    let text = &tail[..end];
    let bytes = match kind {
        "B" | "b" => base64::engine::general_purpose::STANDARD.decode(text).ok()?,
        "Q" | "q" => quoted_printable::decode(text.replace('_', " "), quoted_printable::ParseMode::Robust).ok()?,
        _ => return None,
    };
    let used = w.len() - tail.len() + end + 2;
    Some((String::from_utf8_lossy(&bytes).into_owned(), used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_mail_comes_out_readable() {
        let raw = "From: =?utf-8?q?Agence_d=27immigration?= <no-reply@x.invalid>\r\nTo: ana@example.com\r\n\
                   Subject: =?utf-8?b?Vm90cmUgZGVtYW5kZSBlc3QgYXBwcm91dsOpZQ==?=\r\n Suite\r\n\
                   Content-Language: fr\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour,=0A=0AVotre lettre est pr=C3=AAte=\r\n \
                   dans vos messages.";
        let d = decode(raw);
        assert_eq!(d.from, "Agence d'immigration <no-reply@x.invalid>");
        assert_eq!(d.subject, "Votre demande est approuvée Suite");
        assert_eq!(d.body, "Bonjour,\n\nVotre lettre est prête dans vos messages.");
        assert_eq!(d.lang, "fr");
    }

    #[test]
    fn plain_mail_and_broken_words_stay_as_they_are() {
        let d = decode("Subject: =?utf-8?x?nope?= and =? more\n\nHello");
        assert_eq!(d.subject, "=?utf-8?x?nope?= and =? more");
        assert_eq!(d.body, "Hello");
        assert_eq!(d.lang, "", "no Content-Language: no lang attribute");
    }
}
