//! The fixed views the golden mails are rendered from: one pair (Sam Rivera, mentored by Maya
//! Chen in "PM Mentoring"), realistic tokens and addresses, every kind of mail.

use jiff::civil::{Date, date};
use mentormail::domain::prompts::{default_bank, questions_for};
use mentormail::domain::{Cadence, Weekday};
use mentormail::mail::authentication::Unauthenticated;
use mentormail::mail::footer::LinkSettings;
use mentormail::mail::render::{
    self, AcknowledgementView, DigestView, FooterLinks, GoalLine, GoalReminderView, Item, Mail,
    NoticeView, PromptView, Rendered, WhichMenteeView,
};
use mentormail::mail::render::{
    AtRiskLine, ProgrammeSummaryView, RecapDecision, RecapGoal, RecapView,
};
use mentormail::mail::token::{TokenAbout, TokenKey};
use mentormail::mail_in::{Notice, Rejection, not_recorded_notice, unverified_notice};

const PROGRAMME: &str = "PM Mentoring";
const DOMAIN: &str = "mentor.example.org";
const PAIR: &str = "m-4f2a9c";
const UNSUBSCRIBE_BASE: &str = "https://u.mentor.example.org/unsubscribe/";

fn key() -> TokenKey {
    TokenKey::new("golden-secret")
}

fn today() -> Date {
    date(2026, 12, 3)
}

/// The footer of a sent mail, built as deliver and the answers to inbound mail build it;
/// `None` base: local mode (no HTTPS).
fn links(about: &TokenAbout, base: Option<&str>) -> FooterLinks {
    let key = key();
    LinkSettings {
        key: &key,
        domain: DOMAIN,
        page_url: base,
    }
    .footer(PAIR, about, today())
}

fn sent(mail: Mail, about: TokenAbout) -> Rendered {
    mail.render(&links(&about, Some(UNSUBSCRIBE_BASE)))
}

fn sent_locally(mail: Mail, about: TokenAbout) -> Rendered {
    mail.render(&links(&about, None))
}

fn notes_address() -> String {
    key().personal_notes_address("maya@example.org", DOMAIN)
}

fn prompt_view<'a>(
    bank: &'a [mentormail::domain::prompts::Question],
    cadence: &'a Cadence,
    seq: u32,
) -> PromptView<'a> {
    PromptView {
        programme: PROGRAMME,
        mentee_first_name: "Sam",
        mentor_name: "Maya Chen",
        cadence,
        seq,
        questions: questions_for(bank, seq),
        open_goals: Vec::new(),
        nudge: false,
        look_back: None,
        agreed_items: Vec::new(),
    }
}

fn digest_view(cadence: Cadence) -> DigestView {
    DigestView {
        programme: PROGRAMME.into(),
        mentor_first_name: "Maya".into(),
        mentee_name: "Sam Rivera".into(),
        cadence,
        since: Some(date(2026, 11, 26)),
        session: None,
        before_session: false,
        reflections: Vec::new(),
        goals: Vec::new(),
        decisions: Vec::new(),
        reviews: Vec::new(),
        open_items: Vec::new(),
        action_items: Vec::new(),
        item_changes: Vec::new(),
        files: Vec::new(),
        notes_address: notes_address(),
    }
}

fn notice_mail(notice: &Notice) -> Rendered {
    render::notice(&NoticeView {
        programme: PROGRAMME,
        first_name: "Sam",
        subject: &notice.subject,
        intro: &notice.intro,
        points: &notice.points,
    })
    .render(&links(&TokenAbout::Prompt(0), Some(UNSUBSCRIBE_BASE)))
}

/// Every kind of mail, by the name of its golden files.
pub fn every_mail() -> Vec<(String, Rendered)> {
    let bank = default_bank();
    let weekly = Cadence::Weekly { day: Weekday::Mon };
    let fortnightly = Cadence::Fortnightly { day: Weekday::Thu };
    let mut mails = vec![(
        "prompt",
        sent(
            render::prompt(&prompt_view(&bank, &weekly, 1)),
            TokenAbout::Prompt(1),
        ),
    )];

    let mut with_context = prompt_view(&bank, &weekly, 6);
    with_context.agreed_items = vec![
        "Sam: send the roadmap deck outline to Maya by Friday".into(),
        "Sam: book two customer calls before the next session".into(),
    ];
    with_context.open_goals = vec![
        GoalLine {
            title: "Run five discovery interviews".into(),
            target: Some(date(2027, 1, 15)),
        },
        GoalLine {
            title: "Own the pricing page <end to end> & ship v2".into(),
            target: None,
        },
    ];
    with_context.look_back = Some(
        "Looking back: on 2 Sep 2026 you set the goal \"Speak up in planning meetings\". How do \
         you see it now?"
            .into(),
    );
    mails.push((
        "prompt-with-agreed-items-and-goals",
        sent(render::prompt(&with_context), TokenAbout::Prompt(6)),
    ));

    let mut nudge = prompt_view(&bank, &fortnightly, 4);
    nudge.nudge = true;
    mails.push((
        "nudge-fortnightly-local",
        sent_locally(render::prompt(&nudge), TokenAbout::Prompt(4)),
    ));

    mails.push((
        "kickoff",
        sent(
            render::kickoff(PROGRAMME, "Sam", "Maya Chen", &weekly, &[]),
            TokenAbout::Kickoff,
        ),
    ));
    // A pair imported with its goals: they are listed, and only more are asked for.
    mails.push((
        "kickoff-with-imported-goals",
        sent(
            render::kickoff(
                PROGRAMME,
                "Sam",
                "Maya Chen",
                &weekly,
                &with_context.open_goals,
            ),
            TokenAbout::Kickoff,
        ),
    ));
    let goal = GoalLine {
        title: "Run five discovery interviews".into(),
        target: Some(date(2026, 12, 10)),
    };
    for (name, overdue) in [("goal-reminder", false), ("goal-reminder-overdue", true)] {
        mails.push((
            name,
            sent(
                render::goal_reminder(&GoalReminderView {
                    programme: PROGRAMME,
                    mentee_first_name: "Sam",
                    goal: goal.clone(),
                    overdue,
                }),
                TokenAbout::Goal("g-1".into()),
            ),
        ));
    }
    mails.push((
        "decision-follow-up",
        sent(
            render::decision_follow_up(
                PROGRAMME,
                "Sam",
                "Drop the enterprise tier from the pricing page and point big customers to sales",
                date(2026, 11, 3),
                30,
            ),
            TokenAbout::Decision("d-1".into()),
        ),
    ));
    mails.push((
        "mentor-alert-local",
        sent_locally(
            render::mentor_alert(PROGRAMME, "Maya", "Sam Rivera", 3),
            TokenAbout::Mentor,
        ),
    ));

    let mut digest = digest_view(weekly.clone());
    digest.session = Some(date(2026, 12, 10));
    digest.reflections =
        vec![
        (
            date(2026, 11, 30),
            "Ran my first customer interview alone. I talked too much in the first ten minutes, \
             then let the silences work. [Which of your goals moved this week?] The interviews \
             one: two of five done."
                .into(),
        ),
        (date(2026, 12, 2), "Short week; prepared the pricing review.".into()),
    ];
    digest.goals = vec![
        "Run five discovery interviews (open, target 15 Jan 2027); latest: two of five done".into(),
        "Own the pricing page (overdue, target 1 Dec 2026)".into(),
    ];
    digest.decisions = vec![(
        date(2026, 12, 1),
        "Hire a contractor for the analytics work".into(),
    )];
    digest.reviews = vec![
        "\"Drop the enterprise tier\" (decided 3 Nov) is up for its 30-day review on Thu 3 Dec"
            .into(),
    ];
    digest.open_items = vec![
        "goal \"Own the pricing page\" is past its date".into(),
        "Sam wrote \"done: the offsite plan\", which matched no single open action item, so \
         nothing was closed: reply with its number (\"done 2\") to close it"
            .into(),
    ];
    digest.action_items = vec![
        (2, "Sam: shadow Priya's pricing review on 2 Dec".into()),
        (
            4,
            "Maya: introduce Sam to the risk team lead (due Thu 10 Dec)".into(),
        ),
    ];
    digest.item_changes = vec![
        "#1 \"Sam: send the roadmap deck outline by Friday\" done (the mentee's reply)".into(),
        "#3 \"Book the customer visit\" dropped (the mentor's mail)".into(),
    ];
    mails.push((
        "digest-weekly",
        sent(render::digest(&digest), TokenAbout::Mentor),
    ));
    mails.push((
        "digest-fortnightly-quiet-week",
        sent(
            render::digest(&digest_view(fortnightly)),
            TokenAbout::Mentor,
        ),
    ));
    let mut before = digest_view(weekly);
    before.session = Some(date(2026, 12, 4));
    before.before_session = true;
    before.reflections = vec![(date(2026, 12, 1), "Pricing review went well.".into())];
    mails.push((
        "digest-before-session",
        sent(render::digest(&before), TokenAbout::Mentor),
    ));

    let notes = notes_address();
    mails.push((
        "acknowledgement",
        render::acknowledgement(&AcknowledgementView {
            programme: PROGRAMME,
            mentor_first_name: "Maya",
            mentee_name: "Sam Rivera",
            mentee_first_name: "Sam",
            mentee_email: "sam@example.org",
            mail_subject: "Fwd: Sam / Maya session 3 Dec",
            recorded: vec![
                Item::labelled(
                    "Action item #3",
                    "Sam: send the roadmap deck outline by Friday",
                ),
                Item::labelled("Went well", "Clear story for the pricing change"),
                Item::labelled("Goal", "Run five discovery interviews (Fri 15 Jan 2027)"),
                Item::labelled("Next session", "Thursday (Thu 10 Dec 2026)"),
            ],
            mentee_has_items: true,
            notes_address: &notes,
            notes_recorded: true,
            changed: vec![Item::labelled(
                "#1",
                "Sam: shadow Priya's pricing review (done)",
            )],
            not_found: Vec::new(),
            not_open: Vec::new(),
            open_items: vec![
                Item::labelled("#2", "Maya: introduce Sam to the risk team lead"),
                Item::labelled("#3", "Sam: send the roadmap deck outline by Friday"),
            ],
        })
        .render(&links(&TokenAbout::Mentor, Some(UNSUBSCRIBE_BASE))),
    ));
    mails.push((
        "acknowledgement-item-commands",
        render::acknowledgement(&AcknowledgementView {
            programme: PROGRAMME,
            mentor_first_name: "Maya",
            mentee_name: "Sam Rivera",
            mentee_first_name: "Sam",
            mentee_email: "sam@example.org",
            mail_subject: "Re: Recorded: your notes for Sam Rivera",
            recorded: Vec::new(),
            mentee_has_items: false,
            notes_address: &notes,
            notes_recorded: false,
            changed: vec![
                Item::labelled("#2", "Maya: introduce Sam to the risk team lead (done)"),
                Item::labelled(
                    "#3",
                    "Sam: send the roadmap deck outline by Friday (moved to Thu 10 Dec 2026)",
                ),
            ],
            not_found: vec![7],
            not_open: vec![Item::labelled("#1", "Sam: shadow Priya's pricing review")],
            open_items: vec![Item::labelled(
                "#3",
                "Sam: send the roadmap deck outline by Friday (due Thu 10 Dec 2026)",
            )],
        })
        .render(&links(&TokenAbout::Mentor, Some(UNSUBSCRIBE_BASE))),
    ));
    mails.push((
        "which-mentee",
        render::which_mentee(&WhichMenteeView {
            programme: PROGRAMME,
            mentor_first_name: "Maya",
            mail_subject: "Fwd: notes",
            notes_address: &notes,
            mentees: vec![
                "Sam Rivera <sam@example.org>".into(),
                "Lee Park <lee@example.org>".into(),
            ],
            example: "Sam Rivera",
        })
        .render(&links(&TokenAbout::Mentor, Some(UNSUBSCRIBE_BASE))),
    ));
    let subject = "Re: PM Mentoring: your reflection #3";
    for (name, rejection) in [
        ("notice-empty-reply", Rejection::EmptyReply),
        (
            "notice-ended-mentorship",
            Rejection::EndedMentorship {
                mentorship_id: PAIR.into(),
            },
        ),
        (
            "notice-not-a-mentor",
            Rejection::NotAMentor {
                sender: "sam@example.org".into(),
            },
        ),
        (
            "notice-sender-mismatch",
            Rejection::SenderMismatch {
                sender: "sam@example.org".into(),
            },
        ),
    ] {
        let notice = not_recorded_notice(&rejection, PROGRAMME, DOMAIN, subject)
            .expect("a rejection the sender can act on");
        mails.push((name, notice_mail(&notice)));
    }
    mails.push((
        "notice-unverified",
        notice_mail(&unverified_notice(
            PROGRAMME,
            "sam@example.org",
            subject,
            "Thu 3 Dec 2026 09:12 GMT",
            Unauthenticated::NoAlignedPass,
        )),
    ));
    mails.push((
        "recap",
        sent(render::recap(&recap_view()), TokenAbout::Prompt(0)),
    ));
    mails.push((
        "programme-summary",
        render::programme_summary(&summary_view()).render(&FooterLinks::default()),
    ));
    mails
        .into_iter()
        .map(|(name, rendered)| (name.to_string(), rendered))
        .collect()
}

/// Sam's November: two goals (one with progress), a decision and what came of it, an outcome of
/// an October decision, an experience, and feedback from Maya's notes and from a colleague.
fn recap_view() -> RecapView {
    RecapView {
        programme: PROGRAMME.into(),
        mentee_first_name: "Sam".into(),
        mentor_name: "Maya Chen".into(),
        month: date(2026, 11, 1),
        reflections: 3,
        goals: vec![
            RecapGoal {
                title: "Run five discovery interviews".into(),
                status: "open".into(),
                target: Some(date(2027, 1, 15)),
                progress: vec!["Two interviews done, both with churned customers.".into()],
            },
            RecapGoal {
                title: "Own the pricing page".into(),
                status: "overdue".into(),
                target: Some(date(2026, 11, 20)),
                progress: Vec::new(),
            },
        ],
        decisions: vec![RecapDecision {
            decided_on: date(2026, 11, 12),
            text: "I decided to cut the saved-cards experiment and put the time into checkout."
                .into(),
            outcomes: Vec::new(),
        }],
        outcomes: vec![RecapDecision {
            decided_on: date(2026, 10, 8),
            text: "Drop the enterprise tier from the pricing page.".into(),
            outcomes: vec!["Two deals closed faster; nobody asked for it.".into()],
        }],
        experiences: vec![(
            date(2026, 11, 18),
            "I shadowed two customer calls with the support team.".into(),
        )],
        feedback: vec![
            (
                date(2026, 11, 24),
                "Went well: a clear story for the pricing change".into(),
            ),
            (
                date(2026, 11, 24),
                "Even better if: bring the numbers before the opinions".into(),
            ),
        ],
    }
}

/// The week of 30 Nov 2026 in PM Mentoring: twelve pairs, one gone quiet.
fn summary_view() -> ProgrammeSummaryView {
    ProgrammeSummaryView {
        programme: PROGRAMME.into(),
        from: date(2026, 11, 30),
        to: date(2026, 12, 6),
        pairs: 12,
        prompts_sent: 12,
        answered: 9,
        replies: 10,
        rate: Some(0.75),
        states: vec![("active", 9), ("quiet", 2), ("paused", 1)],
        goals_open: 21,
        goals_done: 6,
        goals_overdue: 3,
        items_open: 14,
        items_closed: 11,
        reflections: 10,
        habits: [
            ("Goals", Some(0.6)),
            ("Feedback", Some(0.3)),
            ("Decisions", Some(0.2)),
            ("New experiences", Some(0.1)),
        ],
        decisions_logged: 2,
        decisions_followed_up: 1,
        at_risk: vec![
            AtRiskLine {
                mentee: "Lee Park".into(),
                mentor: "Maya Chen".into(),
                last_activity: Some(date(2026, 11, 9)),
                reasons: vec!["3 unanswered prompts".into()],
            },
            AtRiskLine {
                mentee: "Ana Lima".into(),
                mentor: "Lou Martin".into(),
                last_activity: None,
                reasons: vec!["2 unanswered prompts".into(), "no notes for a month".into()],
            },
        ],
    }
}
