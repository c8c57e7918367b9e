//! Application numbers: one capital letter for the line of business and nine digits
//! (`V123456789`).

use rand::RngExt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ApplicationNumber(String);

impl ApplicationNumber {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_uppercase();
        let mut chars = s.chars();
        let ok =
            chars.next().is_some_and(|c| c.is_ascii_uppercase()) && s.len() == 10 && chars.all(|c| c.is_ascii_digit());
        ok.then_some(ApplicationNumber(s))
    }

    /// A fresh random number on `line` (uniqueness is the store's job: it retries on conflict).
    pub fn generate(line: char) -> Self {
        let n = rand::rng().random_range(0..1_000_000_000u32);
        ApplicationNumber(format!("{}{n:09}", line.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_and_generate() {
        assert_eq!(ApplicationNumber::parse(" w993830598 ").map(|n| n.0), Some("W993830598".into()));
        for bad in ["W99383059", "9993830598", "W99383059X", "WW93830598", ""] {
            assert!(ApplicationNumber::parse(bad).is_none(), "{bad}");
        }
        let g = ApplicationNumber::generate('v');
        assert!(ApplicationNumber::parse(g.as_str()).is_some() && g.as_str().starts_with('V'));
    }
}
