//! Whether a mail is from whom its From says: the receiving server's verdicts, read with
//! DMARC's idea of alignment.
//!
//! The rule (docs/reliability.md): a mail is authenticated when DMARC passed; when DMARC did not
//! fail but gave no answer (the sender's domain publishes no policy: `GRAY`; or the check could
//! not run), when SPF passed for an envelope sender (MAIL FROM) aligned with From, or DKIM passed
//! and every DKIM signature's domain is aligned with From (SES says only that a signature passed,
//! not which). A DMARC `FAIL` is never overridden. Aligned means the same domain, or one a
//! subdomain of the other, as DMARC's relaxed mode reads it without a public-suffix list.

use serde::Serialize;

/// A verdict of the receiving server (SES's spam, virus, SPF, DKIM, DMARC checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Gray,
    ProcessingFailed,
    Disabled,
    /// Not reported.
    #[default]
    Unknown,
}

impl Verdict {
    /// From SES's status strings (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`).
    pub fn from_ses(status: Option<&str>) -> Self {
        match status.map(str::to_ascii_uppercase).as_deref() {
            Some("PASS") => Verdict::Pass,
            Some("FAIL") => Verdict::Fail,
            Some("GRAY") => Verdict::Gray,
            Some("PROCESSING_FAILED") => Verdict::ProcessingFailed,
            Some("DISABLED") => Verdict::Disabled,
            _ => Verdict::Unknown,
        }
    }
}

/// The receiving server's sender checks of one mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SenderChecks {
    pub spf: Verdict,
    pub dkim: Verdict,
    pub dmarc: Verdict,
    /// The envelope sender (SMTP MAIL FROM) that SPF checked; SES reports it as `mail.source`.
    pub mail_from: Option<String>,
}

/// What made a mail authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Dmarc,
    AlignedSpf,
    AlignedDkim,
}

/// Why a mail is not authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unauthenticated {
    /// The From domain's own policy says this mail is not theirs.
    DmarcFailed,
    /// No DMARC answer, and neither SPF nor DKIM passed for a domain aligned with From.
    NoAlignedPass,
}

impl std::fmt::Display for Unauthenticated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unauthenticated::DmarcFailed => "DMARC failed",
            Unauthenticated::NoAlignedPass => "no SPF or DKIM pass aligned with From",
        })
    }
}

/// Whether a mail from `from_domain` is authenticated by `checks`; `dkim_domains` are the `d=`
/// of the mail's DKIM-Signature headers.
pub fn authenticate(
    from_domain: &str,
    checks: &SenderChecks,
    dkim_domains: &[String],
) -> Result<Basis, Unauthenticated> {
    match checks.dmarc {
        Verdict::Pass => return Ok(Basis::Dmarc),
        Verdict::Fail => return Err(Unauthenticated::DmarcFailed),
        _ => {}
    }
    let spf_domain = checks
        .mail_from
        .as_deref()
        .and_then(|m| m.rsplit_once('@'))
        .map(|(_, domain)| domain.trim_end_matches('>'));
    if checks.spf == Verdict::Pass && spf_domain.is_some_and(|d| aligned(d, from_domain)) {
        return Ok(Basis::AlignedSpf);
    }
    if checks.dkim == Verdict::Pass
        && !dkim_domains.is_empty()
        && dkim_domains.iter().all(|d| aligned(d, from_domain))
    {
        return Ok(Basis::AlignedDkim);
    }
    Err(Unauthenticated::NoAlignedPass)
}

/// The same domain, or one a subdomain of the other; never at the level of a bare top-level
/// domain.
pub fn aligned(a: &str, b: &str) -> bool {
    let a = a.trim().trim_end_matches('.').to_ascii_lowercase();
    let b = b.trim().trim_end_matches('.').to_ascii_lowercase();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if !short.contains('.') {
        return false;
    }
    long == short
        || long
            .strip_suffix(short.as_str())
            .is_some_and(|head| head.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::Verdict::*;
    use super::*;

    fn checks(spf: Verdict, dkim: Verdict, dmarc: Verdict, mail_from: &str) -> SenderChecks {
        SenderChecks {
            spf,
            dkim,
            dmarc,
            mail_from: (!mail_from.is_empty()).then(|| mail_from.to_string()),
        }
    }

    #[test]
    fn alignment_is_the_same_domain_or_a_subdomain() {
        assert!(aligned("example.org", "Example.org."));
        assert!(aligned("mail.example.org", "example.org"));
        assert!(aligned("example.org", "bounces.example.org"));
        assert!(!aligned("badexample.org", "example.org"));
        assert!(!aligned("example.org.evil.test", "example.org"));
        assert!(!aligned("org", "example.org"));
        assert!(!aligned("", "example.org"));
    }

    #[test]
    fn the_rule_over_every_verdict_combination() {
        let domain = "example.org";
        let signed = ["example.org".to_string()];
        let third_party = ["example.org".to_string(), "mailer.test".to_string()];
        for (checks, dkim_domains, expected) in [
            (checks(Fail, Fail, Pass, ""), &signed[..], Ok(Basis::Dmarc)),
            (
                checks(Pass, Pass, Fail, "a@example.org"),
                &signed[..],
                Err(Unauthenticated::DmarcFailed),
            ),
            (
                checks(Pass, Fail, Gray, "bounce@mail.example.org"),
                &[][..],
                Ok(Basis::AlignedSpf),
            ),
            (
                checks(Pass, Fail, Gray, "bounce@mailer.test"),
                &[][..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Pass, Fail, Gray, ""),
                &[][..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Fail, Pass, ProcessingFailed, ""),
                &signed[..],
                Ok(Basis::AlignedDkim),
            ),
            (
                checks(Fail, Pass, Unknown, ""),
                &third_party[..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Fail, Pass, Gray, ""),
                &[][..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Gray, Gray, Gray, "a@example.org"),
                &signed[..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Unknown, Unknown, Unknown, ""),
                &[][..],
                Err(Unauthenticated::NoAlignedPass),
            ),
            (
                checks(Pass, Pass, Disabled, "a@example.org"),
                &signed[..],
                Ok(Basis::AlignedSpf),
            ),
        ] {
            assert_eq!(
                authenticate(domain, &checks, dkim_domains),
                expected,
                "{checks:?} {dkim_domains:?}"
            );
        }
    }
}
