//! Funnel numbers of a journey: count, share of the first stage, step conversion and
//! the biggest drop. Charts, tables and the overview all read these, so they agree.

use std::collections::BTreeMap;

use crate::model::{Counts, Journey};

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelRow {
    pub stage: String,
    pub count: u64,
    /// count / first count; None when the first count is 0.
    pub share: Option<f64>,
    /// count / previous count; None for the first row or when the previous count is 0.
    pub step: Option<f64>,
    /// previous count - count (0 when the count rose).
    pub drop: Option<u64>,
    pub biggest_drop: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// Stages that have a count, in model order.
    pub rows: Vec<FunnelRow>,
}

impl Funnel {
    /// The funnel of a journey, if any stage has a count (with `counts`, each stage's
    /// count is the current period's).
    pub fn of(journey: &Journey) -> Option<Funnel> {
        let counted: Vec<(&str, u64)> = journey
            .stages
            .iter()
            .filter_map(|s| s.count.map(|c| (s.stage.as_str(), c)))
            .collect();
        Funnel::from_counts(&counted)
    }

    /// The funnel of (stage, count) pairs in model order: a period's or a segment's.
    pub fn from_counts<S: AsRef<str>>(counted: &[(S, u64)]) -> Option<Funnel> {
        let counted: Vec<(&str, u64)> = counted.iter().map(|(s, c)| (s.as_ref(), *c)).collect();
        let &(_, first) = counted.first()?;
        let mut rows: Vec<FunnelRow> = Vec::with_capacity(counted.len());
        for (i, &(stage, count)) in counted.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| counted[p].1);
            rows.push(FunnelRow {
                stage: stage.to_string(),
                count,
                share: ratio(count, first),
                step: previous.and_then(|p| ratio(count, p)),
                drop: previous.map(|p| p.saturating_sub(count)),
                biggest_drop: false,
            });
        }
        // The biggest drop is the step that keeps the smallest share of its previous stage.
        let biggest = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.step.is_some_and(|s| s < 1.0))
            .min_by(|a, b| {
                a.1.step
                    .partial_cmp(&b.1.step)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(a.0.cmp(&b.0))
            })
            .map(|(i, _)| i);
        if let Some(i) = biggest {
            rows[i].biggest_drop = true;
        }
        Some(Funnel { rows })
    }

    pub(crate) fn first_count(&self) -> u64 {
        self.rows.first().map_or(0, |r| r.count)
    }

    pub(crate) fn max_count(&self) -> u64 {
        self.rows.iter().map(|r| r.count).max().unwrap_or(0)
    }

    /// Last stage's count over the first's.
    pub(crate) fn overall(&self) -> Option<f64> {
        self.rows
            .last()
            .and_then(|r| r.share)
            .filter(|_| self.rows.len() > 1)
    }

    /// The row of a stage, if it has a count.
    pub(crate) fn row(&self, stage: &str) -> Option<&FunnelRow> {
        self.rows.iter().find(|r| r.stage == stage)
    }

    /// Change of each row's step conversion since `previous`, in percentage points (3.7
    /// for 14.5% → 18.2%); None where either period has no step conversion at that stage.
    pub(crate) fn step_changes(&self, previous: &Funnel) -> Vec<Option<f64>> {
        self.rows
            .iter()
            .map(|r| {
                let before = previous.row(&r.stage)?.step?;
                Some(points(r.step?, before))
            })
            .collect()
    }

    /// Change of the overall conversion since `previous`, in percentage points.
    pub(crate) fn overall_change(&self, previous: &Funnel) -> Option<f64> {
        Some(points(self.overall()?, previous.overall()?))
    }

    pub(crate) fn biggest_drop(&self) -> Option<&FunnelRow> {
        self.rows.iter().find(|r| r.biggest_drop)
    }

    /// The step that loses the most people in absolute numbers, when that is not the
    /// biggest drop (a high rate of a small stage can hide a large loss elsewhere, and
    /// SPEC §6 wants the page to say so). The earliest step wins a tie.
    pub(crate) fn most_lost_elsewhere(&self) -> Option<&FunnelRow> {
        let most = self
            .rows
            .iter()
            .filter(|r| r.drop.is_some_and(|d| d > 0))
            .fold(None::<&FunnelRow>, |best, r| match best {
                Some(b) if b.drop >= r.drop => Some(b),
                _ => Some(r),
            })?;
        let biggest = self.biggest_drop()?;
        (most.stage != biggest.stage && most.drop > biggest.drop).then_some(most)
    }
}

/// The difference of two ratios in percentage points.
pub(crate) fn points(now: f64, before: f64) -> f64 {
    (now - before) * 100.0
}

/// A journey's funnel per period, in the order written (the last is the current one).
pub(crate) fn periods(counts: &Counts) -> Vec<(&str, Funnel)> {
    counts
        .periods
        .iter()
        .filter_map(|p| Some((p.period.as_str(), Funnel::from_counts(&p.total)?)))
        .collect()
}

/// The current period's funnel per segment, in the order of the file.
pub(crate) fn segments(counts: &Counts) -> Vec<(&str, Funnel)> {
    counts.current().map_or_else(Vec::new, |p| {
        p.segments
            .iter()
            .filter_map(|s| Some((s.segment.as_str(), Funnel::from_counts(&s.counts)?)))
            .collect()
    })
}

/// The scales of funnels shown side by side, by unit: journeys that count the same unit
/// share one (the largest count among them), so their bars compare; each other unit gets
/// its own, since one scale for 64,000 visitors and 240 accounts would shrink the accounts
/// to a pixel. Units compare trimmed and case-blind; journeys without a unit share one
/// scale too. Journeys without counts take no part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct UnitScales(BTreeMap<String, u64>);

impl UnitScales {
    pub(crate) fn of<'a>(
        funnels: impl IntoIterator<Item = (&'a Journey, Option<&'a Funnel>)>,
    ) -> Self {
        let mut scales: BTreeMap<String, u64> = BTreeMap::new();
        for (journey, funnel) in funnels {
            if let Some(f) = funnel {
                let max = scales.entry(unit_key(journey.unit.as_deref())).or_default();
                *max = (*max).max(f.max_count());
            }
        }
        UnitScales(scales)
    }

    /// The scale of a journey's funnel, by its unit.
    pub(crate) fn of_unit(&self, unit: Option<&str>) -> Option<u64> {
        self.0.get(&unit_key(unit)).copied()
    }

    /// How many different units (no unit counting as one) the funnels count.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

fn unit_key(unit: Option<&str>) -> String {
    unit.map(|u| u.trim().to_lowercase()).unwrap_or_default()
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JourneyStage;

    fn journey(counts: &[(&str, Option<u64>)]) -> Journey {
        Journey {
            stages: counts
                .iter()
                .map(|(s, c)| JourneyStage {
                    stage: s.to_string(),
                    count: *c,
                    ..JourneyStage::default()
                })
                .collect(),
            ..Journey::default()
        }
    }

    #[test]
    fn computes_share_step_and_biggest_drop() {
        let f = Funnel::of(&journey(&[
            ("a", Some(12000)),
            ("b", Some(3100)),
            ("c", None),
            ("d", Some(450)),
        ]))
        .unwrap();
        assert_eq!(f.rows.len(), 3);
        assert_eq!(f.rows[0].share, Some(1.0));
        assert_eq!(f.rows[0].step, None);
        assert!((f.rows[1].step.unwrap() - 3100.0 / 12000.0).abs() < 1e-12);
        assert!((f.rows[2].step.unwrap() - 450.0 / 3100.0).abs() < 1e-12);
        assert_eq!(f.rows[2].drop, Some(2650));
        assert_eq!(f.biggest_drop().unwrap().stage, "d");
        assert!((f.overall().unwrap() - 0.0375).abs() < 1e-12);
        // b loses 8,900 people, d (the biggest drop by rate) 2,650.
        assert_eq!(f.most_lost_elsewhere().unwrap().stage, "b");
    }

    #[test]
    fn most_lost_is_none_when_the_biggest_drop_also_loses_most() {
        let f = Funnel::of(&journey(&[
            ("a", Some(800)),
            ("b", Some(120)),
            ("c", Some(100)),
            ("d", Some(30)),
        ]))
        .unwrap();
        // b keeps 15% and loses 680: both the lowest rate and the most people.
        assert_eq!(f.biggest_drop().unwrap().stage, "b");
        assert!(f.most_lost_elsewhere().is_none());
    }

    #[test]
    fn no_counts_no_funnel_and_zeros_do_not_divide() {
        assert!(Funnel::of(&journey(&[("a", None)])).is_none());
        let f = Funnel::of(&journey(&[("a", Some(0)), ("b", Some(0))])).unwrap();
        assert_eq!(f.rows[1].share, None);
        assert_eq!(f.rows[1].step, None);
        assert!(f.biggest_drop().is_none());
        assert_eq!(f.overall(), None);
    }

    #[test]
    fn a_rise_is_never_the_biggest_drop() {
        let f = Funnel::of(&journey(&[
            ("a", Some(100)),
            ("b", Some(150)),
            ("c", Some(90)),
        ]))
        .unwrap();
        assert_eq!(f.biggest_drop().unwrap().stage, "c");
        assert_eq!(f.rows[1].drop, Some(0));
    }

    #[test]
    fn step_changes_are_percentage_points_by_stage() {
        let before = Funnel::from_counts(&[("a", 48_000), ("b", 9_100), ("c", 1_300)]).unwrap();
        let now = Funnel::from_counts(&[("a", 52_000), ("c", 1_040)]).unwrap();
        let full = Funnel::from_counts(&[("a", 52_000), ("b", 9_800), ("c", 1_040)]).unwrap();
        // c: 1,040 / 9,800 = 10.61% against 1,300 / 9,100 = 14.29%: −3.67 pp.
        let changes = full.step_changes(&before);
        assert_eq!(changes[0], None);
        assert!(
            (changes[1].unwrap() - (9_800.0 / 52_000.0 - 9_100.0 / 48_000.0) * 100.0).abs() < 1e-9
        );
        assert!((changes[2].unwrap() + 3.6735).abs() < 1e-3, "{changes:?}");
        // Without b now, c's step is from a: not comparable with c's step from b, but a
        // change of the same step name is what the table shows; the first row never has one.
        assert_eq!(now.step_changes(&before)[0], None);
        let overall = full.overall_change(&before).unwrap();
        assert!((overall - (1_040.0 / 52_000.0 - 1_300.0 / 48_000.0) * 100.0).abs() < 1e-9);
    }

    #[test]
    fn periods_and_segments_of_counts() {
        use crate::model::{PeriodCounts, SegmentCounts};
        let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(s, c)| (s.to_string(), *c)).collect()
        };
        let counts = Counts {
            csv: None,
            periods: vec![
                PeriodCounts {
                    period: "Q1".into(),
                    total: pairs(&[("a", 100), ("b", 10)]),
                    segments: Vec::new(),
                },
                PeriodCounts {
                    period: "Q2".into(),
                    total: pairs(&[("a", 300), ("b", 60)]),
                    segments: vec![
                        SegmentCounts {
                            segment: "mobile".into(),
                            counts: pairs(&[("a", 200), ("b", 20)]),
                        },
                        SegmentCounts {
                            segment: "desktop".into(),
                            counts: pairs(&[("a", 100), ("b", 40)]),
                        },
                    ],
                },
            ],
        };
        let periods = periods(&counts);
        assert_eq!(
            periods.iter().map(|p| p.0).collect::<Vec<_>>(),
            ["Q1", "Q2"]
        );
        assert_eq!(periods[1].1.rows[1].step, Some(0.2));
        let segments = segments(&counts);
        assert_eq!(
            segments.iter().map(|s| s.0).collect::<Vec<_>>(),
            ["mobile", "desktop"]
        );
        assert_eq!(segments[1].1.rows[1].step, Some(0.4));
    }

    #[test]
    fn scales_are_shared_per_unit_only() {
        let with_unit = |counts: &[u64], unit: Option<&str>| {
            let stages: Vec<(&str, Option<u64>)> = ["a", "b", "c"]
                .iter()
                .zip(counts)
                .map(|(s, c)| (*s, Some(*c)))
                .collect();
            Journey {
                unit: unit.map(str::to_string),
                ..journey(&stages)
            }
        };
        let journeys = [
            with_unit(&[64_000, 7_400, 150], Some("bezoekers")),
            with_unit(&[18_400, 5_200, 85], Some(" Bezoekers ")),
            with_unit(&[240, 90, 38], Some("accounts")),
            with_unit(&[500, 700, 10], None),
            with_unit(&[30, 20, 10], None),
            Journey {
                unit: Some("leads".into()),
                ..journey(&[("a", None)])
            },
        ];
        let funnels: Vec<Option<Funnel>> = journeys.iter().map(Funnel::of).collect();
        let scales = UnitScales::of(journeys.iter().zip(funnels.iter().map(Option::as_ref)));
        // Visitors share the largest visitor count, whatever the case or spacing.
        assert_eq!(scales.of_unit(Some("bezoekers")), Some(64_000));
        assert_eq!(scales.of_unit(Some(" Bezoekers ")), Some(64_000));
        // Accounts keep their own scale: their bars are not shrunk by the visitors'.
        assert_eq!(scales.of_unit(Some("accounts")), Some(240));
        // Without a unit: shared among themselves, by the largest count of any stage.
        assert_eq!(scales.of_unit(None), Some(700));
        // A unit with no counts has no scale, and is not counted as a unit.
        assert_eq!(scales.of_unit(Some("leads")), None);
        assert_eq!(scales.len(), 3);
    }
}
