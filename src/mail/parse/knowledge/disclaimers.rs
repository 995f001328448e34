//! How legal disclaimers and confidentiality footers open, per language. A paragraph opening
//! with one of these at the end of what was written is a footer, not the writer's text.

use super::separators::Phrase;

const fn p(lang: &'static str, text: &'static str) -> Phrase {
    Phrase { lang, text }
}

pub const DISCLAIMER_OPENERS: &[Phrase] = &[
    p("en", "CONFIDENTIALITY NOTICE"),
    p("en", "CONFIDENTIALITY"),
    p("en", "DISCLAIMER"),
    p("en", "This e-mail and any attachments"),
    p("en", "This email and any attachments"),
    p("en", "This e-mail and any files transmitted with it"),
    p("en", "This email and any files transmitted with it"),
    p("en", "This message and any attachments"),
    p("en", "This message contains confidential information"),
    p("en", "This e-mail is confidential"),
    p("en", "This email is confidential"),
    p("en", "The information contained in this e-mail"),
    p("en", "The information contained in this email"),
    p("en", "The information contained in this message"),
    p("en", "This communication is confidential"),
    p("en", "The content of this email is confidential"),
    p("en", "The contents of this email"),
    p("en", "The contents of this e-mail"),
    p("en", "This email is intended only for"),
    p("en", "This e-mail is intended only for"),
    p("en", "This message is intended only for"),
    p("en", "This email is intended solely for"),
    p("de", "Diese E-Mail enthält vertrauliche"),
    p("de", "Diese Nachricht enthält vertrauliche"),
    p("de", "Diese E-Mail kann vertrauliche"),
    p("de", "Vertraulichkeitshinweis"),
    p("fr", "Ce message et toutes les pièces jointes"),
    p("fr", "Ce message et les pièces jointes"),
    p("fr", "Ce courriel et les pièces jointes"),
    p("fr", "Ce message est confidentiel"),
    p("es", "Este mensaje y sus anexos"),
    p("es", "Este mensaje y sus archivos adjuntos"),
    p("es", "Este correo electrónico y sus anexos"),
    p("es", "Este mensaje es confidencial"),
    p("es", "AVISO DE CONFIDENCIALIDAD"),
    p("it", "Questo messaggio e i suoi allegati"),
    p("it", "Il presente messaggio e gli eventuali allegati"),
    p("it", "Questa e-mail e gli eventuali allegati"),
    p("pt", "Esta mensagem e seus anexos"),
    p("pt", "Esta mensagem pode conter informação confidencial"),
    p("pt", "AVISO DE CONFIDENCIALIDADE"),
    p("nl", "Dit e-mailbericht is uitsluitend bestemd"),
    p("nl", "Dit bericht is vertrouwelijk"),
    p("sv", "Detta e-postmeddelande och eventuella bilagor"),
    p("da", "Denne e-mail og eventuelle vedhæftede filer"),
    p("nb", "Denne e-posten og eventuelle vedlegg"),
    p("pl", "Ta wiadomość i wszelkie załączniki"),
    p("pl", "Treść tej wiadomości jest poufna"),
];
