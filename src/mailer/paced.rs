//! A mailer that spaces its sends: each sender function takes its share of the SES send rate, so
//! that all of them together stay under it instead of being throttled and backing off.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

use super::{Mailer, OutgoingMail, SendError};

pub struct Paced<M> {
    inner: M,
    interval: Duration,
    next_slot: Mutex<Option<Instant>>,
}

impl<M> Paced<M> {
    /// At most one send per `interval` through this mailer.
    pub fn new(inner: M, interval: Duration) -> Self {
        Self {
            inner,
            interval,
            next_slot: Mutex::new(None),
        }
    }

    /// The interval for one of `senders` functions sharing `rate_per_second` sends (SES's
    /// maximum send rate for the account).
    pub fn interval_for(rate_per_second: f64, senders: u32) -> Duration {
        if rate_per_second <= 0.0 || !rate_per_second.is_finite() {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(f64::from(senders.max(1)) / rate_per_second)
    }

    pub fn inner(&self) -> &M {
        &self.inner
    }
}

impl<M: Mailer> Mailer for Paced<M> {
    async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
        let slot = {
            // A poisoned lock only means another send panicked; the slot value is still good.
            let mut next = self.next_slot.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        sleep_until(slot).await;
        self.inner.send(mail).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Stamps(Mutex<Vec<Instant>>);

    impl Mailer for Stamps {
        async fn send(&self, _mail: &OutgoingMail) -> Result<String, SendError> {
            self.0.lock().unwrap().push(Instant::now());
            Ok("id".into())
        }
    }

    fn mail() -> OutgoingMail {
        OutgoingMail {
            from: "coach@example.org".into(),
            to: vec!["sam@example.org".into()],
            raw: b"Subject: x\r\n\r\nx\r\n".to_vec(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn each_sender_takes_its_share_of_the_rate() {
        assert_eq!(
            Paced::<Stamps>::interval_for(14.0, 2),
            Duration::from_secs_f64(2.0 / 14.0)
        );
        assert_eq!(
            Paced::<Stamps>::interval_for(1.0, 1),
            Duration::from_secs(1)
        );
        assert_eq!(
            Paced::<Stamps>::interval_for(0.0, 2),
            Duration::ZERO,
            "no rate: no pacing"
        );
    }

    #[tokio::test]
    async fn the_kth_send_waits_for_its_slot() {
        let interval = Duration::from_millis(30);
        let paced = Paced::new(Stamps(Mutex::new(Vec::new())), interval);
        let start = Instant::now();
        for _ in 0..4 {
            paced.send(&mail()).await.unwrap();
        }
        let stamps = paced.inner().0.lock().unwrap().clone();
        assert_eq!(stamps.len(), 4);
        // Slots are an interval apart from the first, and a timer never fires early, so the k-th
        // send is at least k intervals after the start (how much later depends on the machine,
        // and is not asserted).
        for (k, stamp) in stamps.iter().enumerate() {
            let earliest = start + interval * k as u32;
            assert!(
                *stamp >= earliest,
                "send {k} came {:?} early",
                earliest - *stamp
            );
        }
    }
}
