//! The file parts of a mail: what a person attached (images, documents), for
//! `domain::attachment::select` to judge. Bodies, multipart containers and forwarded messages
//! (`message/rfc822`, read as forwards elsewhere) are not files. Only the message's own parts
//! count; files inside a forwarded message belong to that message.

use mail_parser::{Message, MimeHeaders as _, PartType};

use crate::domain::attachment::FilePart;

/// File parts looked at in one mail: enough for any real mail, bounded for hostile ones.
const MAX_FILE_PARTS: usize = 100;
/// Bytes of one part copied out of the parsed mail; a larger part is listed by size only (far
/// past any configured limit, and SES delivers at most 40 MB of encoded mail).
const MAX_COPIED_PART_BYTES: usize = 32 * 1024 * 1024;
/// Bytes copied from all parts together, so one mail's files stay well inside the function's
/// memory.
const MAX_COPIED_BYTES: usize = 64 * 1024 * 1024;

/// The mail's file parts, in order.
pub fn file_parts(message: &Message<'_>) -> Vec<FilePart> {
    let html: Vec<&str> = message
        .html_body
        .iter()
        .filter_map(|&id| message.part(id))
        .filter_map(|part| match &part.body {
            PartType::Html(html) => Some(html.as_ref()),
            _ => None,
        })
        .collect();
    let mut copied = 0usize;
    let mut out = Vec::new();
    for part in message.attachments() {
        if out.len() >= MAX_FILE_PARTS {
            break;
        }
        let name = part
            .attachment_name()
            .unwrap_or_default()
            .trim()
            .to_string();
        let is_file = match &part.body {
            PartType::Binary(_) | PartType::InlineBinary(_) => true,
            // A text or HTML part is a file only when it says so; otherwise it is a body.
            PartType::Text(_) | PartType::Html(_) => {
                !name.is_empty()
                    || part
                        .content_disposition()
                        .is_some_and(|d| d.ctype().eq_ignore_ascii_case("attachment"))
            }
            PartType::Message(_) | PartType::Multipart(_) => false,
        };
        if !is_file {
            continue;
        }
        let declared_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            })
            .unwrap_or_default()
            .to_ascii_lowercase();
        let contents = part.contents();
        let bytes = if contents.len() <= MAX_COPIED_PART_BYTES
            && copied + contents.len() <= MAX_COPIED_BYTES
        {
            copied += contents.len();
            contents.to_vec()
        } else {
            Vec::new()
        };
        let shown_inline = part
            .content_id()
            .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>'))
            .filter(|id| !id.is_empty())
            .is_some_and(|id| {
                let reference = format!("cid:{id}");
                html.iter().any(|h| h.contains(&reference))
            });
        out.push(FilePart {
            name,
            declared_type,
            size: contents.len() as u64,
            bytes,
            shown_inline,
        });
    }
    out
}
