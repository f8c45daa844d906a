//! Whether figures agree: each figure asserts a set of values and accepts a band around them
//! (wider when hedged, none beyond its bounds when vague); two figures agree when one's
//! values fall in the other's band. A group's verdict follows from which pairs agree and how
//! many independent origins stand behind the agreeing figures.

use dossier_model::Modifier;
use serde::{Deserialize, Serialize};

use crate::claims::Figure;

/// How the claims of one group relate.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Some figures cannot both be right.
    Contradicted,
    /// Independent origins give figures that agree.
    Corroborated,
    /// Independent origins agree only loosely: a vague amount, a bound or a range fits the
    /// others.
    Consistent,
    /// Everything traces back to one origin, however many outlets repeat it.
    SingleSource,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Contradicted => "contradicted",
            Verdict::Corroborated => "corroborated",
            Verdict::Consistent => "consistent",
            Verdict::SingleSource => "single-source",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "contradicted" => Verdict::Contradicted,
            "corroborated" => Verdict::Corroborated,
            "consistent" => Verdict::Consistent,
            "single-source" => Verdict::SingleSource,
            _ => return None,
        })
    }
}

/// Relative tolerances by how a figure was stated (from `data/claims/concepts.toml`).
#[derive(Clone, Copy, Debug)]
pub struct Tolerance {
    pub exact: f64,
    pub approx: f64,
}

/// A closed interval; `hi` may be infinite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    fn meets(self, o: Interval) -> bool {
        self.lo <= o.hi && o.lo <= self.hi
    }
}

/// The values a figure asserts: a point, a range, a vague amount's bounds, or a half-line
/// for `more than`/`less than`.
pub fn values(f: &Figure) -> Interval {
    match f.modifier {
        Some(Modifier::MoreThan) | Some(Modifier::AtLeast) => Interval {
            lo: f.low,
            hi: f64::INFINITY,
        },
        Some(Modifier::LessThan) | Some(Modifier::AtMost) => Interval {
            lo: 0.0,
            hi: f.high,
        },
        _ => Interval {
            lo: f.low,
            hi: f.high,
        },
    }
}

/// The values a figure accepts: its own, widened by the tolerance its hedging allows.
pub fn band(f: &Figure, t: Tolerance) -> Interval {
    let v = values(f);
    let rel = if f.vague {
        0.0
    } else if f.approx || f.modifier == Some(Modifier::About) {
        t.approx
    } else {
        t.exact
    };
    Interval {
        lo: v.lo * (1.0 - rel),
        hi: if v.hi.is_finite() {
            v.hi * (1.0 + rel)
        } else {
            v.hi
        },
    }
}

/// Whether two figures can both be right: one's values fall in the other's band.
pub fn agree(a: &Figure, b: &Figure, t: Tolerance) -> bool {
    values(a).meets(band(b, t)) || values(b).meets(band(a, t))
}

/// A figure precise enough to corroborate another: neither vague nor open-ended, and not a
/// wide range.
pub fn precise(f: &Figure) -> bool {
    !f.vague
        && !matches!(
            f.modifier,
            Some(Modifier::MoreThan | Modifier::LessThan | Modifier::AtLeast | Modifier::AtMost)
        )
        && (f.low <= 0.0 || f.high / f.low <= 1.5)
}

/// A group's verdict and the positions taken in it: indices of the figures that agree with
/// each other, the best-supported position first.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub verdict: Verdict,
    pub positions: Vec<Vec<usize>>,
    /// Independent origins behind the group.
    pub origins: usize,
    /// Why, in a line.
    pub reason: String,
}

/// Judges figures, each with the id of its origin (claims with one origin id trace back to one
/// source). `disputed` marks figures whose own article sets them against another figure.
pub fn judge(figures: &[(&Figure, usize)], disputed: &[bool], t: Tolerance) -> Judgement {
    let n = figures.len();
    let mut origins: Vec<usize> = figures.iter().map(|(_, o)| *o).collect();
    origins.sort_unstable();
    origins.dedup();
    // Positions: seeded by the figure most origins support, taking every figure it agrees with
    // whose values it accepts.
    let support = |i: usize| -> (usize, usize) {
        let mut os: Vec<usize> = (0..n)
            .filter(|&j| agree(figures[i].0, figures[j].0, t))
            .map(|j| figures[j].1)
            .collect();
        os.sort_unstable();
        os.dedup();
        (os.len(), usize::from(precise(figures[i].0)))
    };
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| support(b).cmp(&support(a)).then(a.cmp(&b)));
    let mut placed = vec![false; n];
    let mut positions: Vec<Vec<usize>> = Vec::new();
    for &seed in &order {
        if placed[seed] {
            continue;
        }
        let mut pos = vec![seed];
        placed[seed] = true;
        for &j in &order {
            if !placed[j] && pos.iter().all(|&k| agree(figures[k].0, figures[j].0, t)) {
                pos.push(j);
                placed[j] = true;
            }
        }
        pos.sort_unstable();
        positions.push(pos);
    }
    let conflict = (0..n).any(|i| (i + 1..n).any(|j| !agree(figures[i].0, figures[j].0, t)));
    let differ = (0..n).any(|i| {
        (i + 1..n).any(|j| values(figures[i].0) != values(figures[j].0) && precise(figures[j].0))
    });
    let disputed_here = differ && disputed.iter().take(n).any(|d| *d);
    let precise_origins = {
        let mut v: Vec<usize> = figures
            .iter()
            .filter(|(f, _)| precise(f))
            .map(|(_, o)| *o)
            .collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let (verdict, reason) = if conflict {
        (
            Verdict::Contradicted,
            format!(
                "{} positions that cannot all be right",
                positions.len().max(2)
            ),
        )
    } else if disputed_here {
        (
            Verdict::Contradicted,
            "figures differ and an article sets one against the other".to_string(),
        )
    } else if origins.len() <= 1 {
        (
            Verdict::SingleSource,
            if n > 1 {
                format!("{n} claims, all from one origin")
            } else {
                "one claim".to_string()
            },
        )
    } else if precise_origins >= 2 {
        (
            Verdict::Corroborated,
            format!("{} independent origins agree", origins.len()),
        )
    } else {
        (
            Verdict::Consistent,
            format!(
                "{} independent origins; vague or bounded figures fit",
                origins.len()
            ),
        )
    };
    Judgement {
        verdict,
        positions,
        origins: origins.len(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Tolerance = Tolerance {
        exact: 0.0,
        approx: 0.05,
    };

    fn fig(low: f64, high: f64) -> Figure {
        Figure {
            low,
            high,
            approx: false,
            vague: false,
            modifier: None,
            unit: None,
        }
    }
    fn about(v: f64) -> Figure {
        Figure {
            approx: true,
            modifier: Some(Modifier::About),
            ..fig(v, v)
        }
    }
    fn vague(low: f64, high: f64) -> Figure {
        Figure {
            vague: true,
            approx: true,
            ..fig(low, high)
        }
    }
    fn more_than(v: f64) -> Figure {
        Figure {
            modifier: Some(Modifier::MoreThan),
            ..fig(v, v)
        }
    }

    #[test]
    fn exact_figures_agree_only_when_equal() {
        assert!(agree(&fig(250.0, 250.0), &fig(250.0, 250.0), T));
        assert!(!agree(&fig(47.0, 47.0), &fig(50.0, 50.0), T));
    }

    #[test]
    fn a_hedge_widens_the_band_of_the_hedged_figure() {
        // 248 fits "about 250"; 3,750 does not fit "about 4,000" (3,800..4,200), and 4,000
        // does not fit "about 3,750" either.
        assert!(agree(&about(250.0), &fig(248.0, 248.0), T));
        assert!(!agree(&about(4000.0), &about(3750.0), T));
        assert!(agree(&about(4000.0), &fig(3900.0, 3900.0), T));
    }

    #[test]
    fn vague_amounts_fit_figures_inside_their_bounds() {
        let hundreds = vague(200.0, 999.0);
        assert!(agree(&hundreds, &about(250.0), T));
        let dozens = vague(24.0, 99.0);
        assert!(!agree(&dozens, &fig(4.0, 4.0), T));
        assert!(agree(&dozens, &vague(20.0, 99.0), T));
    }

    #[test]
    fn ranges_and_bounds() {
        assert!(agree(&fig(6.0, 7.0), &fig(6.0, 7.0), T));
        assert!(agree(&fig(6.0, 7.0), &fig(7.0, 7.0), T));
        assert!(!agree(&fig(6.0, 7.0), &fig(9.0, 9.0), T));
        assert!(agree(&more_than(100.0), &fig(130.0, 130.0), T));
        assert!(!agree(&more_than(100.0), &fig(50.0, 50.0), T));
        let at_most = Figure {
            modifier: Some(Modifier::AtMost),
            ..fig(10.0, 10.0)
        };
        assert!(agree(&at_most, &fig(3.0, 3.0), T));
        assert!(!agree(&at_most, &fig(12.0, 12.0), T));
    }

    #[test]
    fn verdicts_follow_agreement_and_origins() {
        let (a, b, c) = (about(250.0), fig(250.0, 250.0), vague(200.0, 999.0));
        // Ten outlets repeating one origin: single-source.
        let j = judge(&[(&a, 0), (&b, 0), (&b, 0)], &[], T);
        assert_eq!(j.verdict, Verdict::SingleSource);
        // Two independent origins with precise figures: corroborated.
        let j = judge(&[(&a, 0), (&b, 1)], &[], T);
        assert_eq!(j.verdict, Verdict::Corroborated);
        assert_eq!(j.origins, 2);
        // A second origin that only says "hundreds": consistent.
        let j = judge(&[(&a, 0), (&c, 1)], &[], T);
        assert_eq!(j.verdict, Verdict::Consistent);
        // A figure that does not fit: contradicted, the majority position first.
        let big = about(4000.0);
        let total = about(3750.0);
        let j = judge(&[(&total, 0), (&total, 1), (&big, 2)], &[], T);
        assert_eq!(j.verdict, Verdict::Contradicted);
        assert_eq!(j.positions, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn an_article_that_disputes_a_differing_figure_makes_a_contradiction() {
        let (a, b) = (about(100.0), fig(104.0, 104.0));
        assert_eq!(
            judge(&[(&a, 0), (&b, 1)], &[false, false], T).verdict,
            Verdict::Corroborated
        );
        assert_eq!(
            judge(&[(&a, 0), (&b, 1)], &[false, true], T).verdict,
            Verdict::Contradicted
        );
        // The cue alone does nothing when the figures are the same.
        assert_eq!(
            judge(&[(&b, 0), (&b, 1)], &[true, true], T).verdict,
            Verdict::Corroborated
        );
    }
}
