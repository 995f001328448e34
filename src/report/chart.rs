//! The geometry of the report's charts, computed here so that the template only places shapes:
//! grouped columns (by week, by month), lines (rates by week) and horizontal bars (states,
//! habits, mentors). Each series becomes one `<g class="series" data-series="KEY">` in the SVG.

/// Width of every chart's view box; the page scales it to the column.
const WIDTH: f64 = 640.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 34.0;
const PLOT_HEIGHT: f64 = 180.0;
/// Room for the row labels of horizontal bars.
const LABEL_WIDTH: f64 = 170.0;
const BAR_HEIGHT: f64 = 16.0;
const ROW_GAP: f64 = 10.0;
/// At most this many labels under the x axis: a year of weeks shows every fourth.
const MAX_X_LABELS: usize = 13;
const MAX_COLUMN: f64 = 36.0;

/// One series of values, one per category; `None` where there is nothing to show (a rate with
/// no prompt sent).
#[derive(Debug, Clone)]
pub struct Series {
    pub key: String,
    pub label: String,
    pub values: Vec<Option<f64>>,
    /// A colour of the palette (0..8) that means something (overdue in red); else by position.
    pub colour: Option<usize>,
}

impl Series {
    pub fn new(key: impl Into<String>, label: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Series {
            key: key.into(),
            label: label.into(),
            values,
            colour: None,
        }
    }

    /// The same series in palette colour `colour`.
    pub fn coloured(mut self, colour: usize) -> Self {
        self.colour = Some(colour);
        self
    }

    /// A series of counts.
    pub fn counts(key: impl Into<String>, label: impl Into<String>, values: &[u32]) -> Self {
        Series::new(
            key,
            label,
            values.iter().map(|v| Some(f64::from(*v))).collect(),
        )
    }
}

/// A chart ready to draw.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The `data-chart` name.
    pub name: String,
    pub title: String,
    pub height: f64,
    pub series: Vec<Shapes>,
    pub x_labels: Vec<Label>,
    pub y_labels: Vec<Label>,
    /// Horizontal grid lines (y).
    pub grid: Vec<f64>,
    /// The x range of the plot, for the grid lines.
    pub left: f64,
    pub right: f64,
    /// No value at all: the page says so instead of drawing empty axes.
    pub empty: bool,
    /// Series are told apart by colour (columns, lines, bars of several categories), so the
    /// page shows a legend; bars of one category are labelled row by row.
    pub legend: bool,
}

impl Chart {
    pub fn width(&self) -> f64 {
        WIDTH
    }
}

/// One series' shapes, with its colour (`c0`..`c7`).
#[derive(Debug, Clone)]
pub struct Shapes {
    pub key: String,
    pub label: String,
    pub colour: String,
    pub bars: Vec<Bar>,
    /// A polyline's points (`x,y x,y`), empty for bar charts.
    pub line: String,
    pub dots: Vec<Dot>,
}

#[derive(Debug, Clone)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The hover text: category, series and value.
    pub title: String,
    /// The value written at the end of a horizontal bar ("" on columns).
    pub value: String,
    pub value_x: f64,
    pub value_y: f64,
}

#[derive(Debug, Clone)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// The full text when `text` is cut.
    pub title: String,
}

/// Rounded to a tenth of a pixel: the SVG stays short and its numbers readable.
fn px(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A value as written on the chart: a percentage, or a count.
fn show(value: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", value * 100.0)
    } else {
        format!("{value:.0}")
    }
}

/// A round top for the y axis and its step: 1, 2, 5 times a power of ten.
fn scale(max: f64, percent: bool) -> (f64, f64) {
    if percent {
        return (1.0, 0.25);
    }
    // Small counts still get four steps of one.
    let max = max.max(4.0);
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(power * 10.0)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

/// Cut to `max` characters with an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The colour class of the `i`th series, unless it has its own.
fn colour(series: &Series, i: usize) -> String {
    format!("c{}", series.colour.unwrap_or(i) % 8)
}

fn largest(series: &[Series]) -> f64 {
    series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0, |a, b| a.max(*b))
}

/// Axes shared by columns and lines: the y labels and grid, the x labels under each category's
/// centre.
fn axes(
    name: &str,
    title: &str,
    categories: &[String],
    series: &[Series],
    percent: bool,
) -> (Chart, f64) {
    let (top, step) = scale(largest(series), percent);
    let mut y_labels = Vec::new();
    let mut grid = Vec::new();
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let y = px(TOP + PLOT_HEIGHT - v / top * PLOT_HEIGHT);
        grid.push(y);
        y_labels.push(Label {
            x: LEFT - 6.0,
            y: px(y + 4.0),
            text: show(v, percent),
            title: String::new(),
        });
        v += step;
    }
    let band = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    let every = categories.len().div_ceil(MAX_X_LABELS).max(1);
    let x_labels = categories
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, text)| Label {
            x: px(LEFT + band * (i as f64 + 0.5)),
            y: TOP + PLOT_HEIGHT + 18.0,
            text: cut(text, 10),
            title: text.clone(),
        })
        .collect();
    let empty = series
        .iter()
        .all(|s| s.values.iter().flatten().all(|v| *v == 0.0));
    let chart = Chart {
        name: name.into(),
        title: title.into(),
        height: TOP + PLOT_HEIGHT + BOTTOM,
        series: Vec::new(),
        x_labels,
        y_labels,
        grid,
        left: LEFT,
        right: WIDTH - RIGHT,
        empty,
        legend: true,
    };
    (chart, top)
}

/// Columns grouped by category, one colour per series.
pub fn columns(name: &str, title: &str, categories: &[String], series: &[Series]) -> Chart {
    let (mut chart, top) = axes(name, title, categories, series, false);
    let band = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    // Columns no wider than MAX_COLUMN, the group centred in its band (a single week would
    // otherwise fill the chart).
    let w = (band * 0.8 / series.len().max(1) as f64).min(MAX_COLUMN);
    let margin = (band - w * series.len() as f64) / 2.0;
    chart.series = series
        .iter()
        .enumerate()
        .map(|(s, one)| Shapes {
            key: one.key.clone(),
            label: one.label.clone(),
            colour: colour(one, s),
            bars: one
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .map(|(i, v)| {
                    let h = v / top * PLOT_HEIGHT;
                    Bar {
                        x: px(LEFT + band * i as f64 + margin + w * s as f64),
                        y: px(TOP + PLOT_HEIGHT - h),
                        w: px(w.max(1.0)),
                        h: px(h),
                        title: format!("{}: {} {}", categories[i], show(v, false), one.label),
                        value: String::new(),
                        value_x: 0.0,
                        value_y: 0.0,
                    }
                })
                .collect(),
            line: String::new(),
            dots: Vec::new(),
        })
        .collect();
    chart
}

/// Rates (0..1) by category as lines, one per series, with a dot at each value.
pub fn lines(name: &str, title: &str, categories: &[String], series: &[Series]) -> Chart {
    let (mut chart, top) = axes(name, title, categories, series, true);
    let band = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    chart.series = series
        .iter()
        .enumerate()
        .map(|(s, one)| {
            let dots: Vec<Dot> = one
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .map(|(i, v)| Dot {
                    x: px(LEFT + band * (i as f64 + 0.5)),
                    y: px(TOP + PLOT_HEIGHT - v.min(top) / top * PLOT_HEIGHT),
                    title: format!("{}: {} {}", categories[i], show(v, true), one.label),
                })
                .collect();
            Shapes {
                key: one.key.clone(),
                label: one.label.clone(),
                colour: colour(one, s),
                bars: Vec::new(),
                line: dots
                    .iter()
                    .map(|d| format!("{},{}", d.x, d.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                dots,
            }
        })
        .collect();
    chart
}

/// Horizontal bars: a block of rows per category, one bar per series. With one category the
/// rows are labelled by series (pair states, habits); with several, by category (mentors).
pub fn bars(
    name: &str,
    title: &str,
    categories: &[String],
    series: &[Series],
    percent: bool,
) -> Chart {
    let top = if percent {
        1.0
    } else {
        largest(series).max(1.0)
    };
    let plot = WIDTH - LABEL_WIDTH - RIGHT - 40.0;
    let per_series = categories.len() == 1;
    let block = BAR_HEIGHT * series.len() as f64 + ROW_GAP;
    let row = |c: usize, s: usize| {
        if per_series {
            TOP + (BAR_HEIGHT + ROW_GAP) * s as f64
        } else {
            TOP + block * c as f64 + BAR_HEIGHT * s as f64
        }
    };
    let mut y_labels = Vec::new();
    let label = |y: f64, text: &str| Label {
        x: LABEL_WIDTH - 8.0,
        y: px(y + BAR_HEIGHT * 0.75),
        text: cut(text, 26),
        title: text.to_string(),
    };
    if per_series {
        for (s, one) in series.iter().enumerate() {
            y_labels.push(label(row(0, s), &one.label));
        }
    } else {
        for (c, category) in categories.iter().enumerate() {
            let centre = row(c, 0) + (BAR_HEIGHT * series.len() as f64 - BAR_HEIGHT) / 2.0;
            y_labels.push(label(centre, category));
        }
    }
    let height = if per_series {
        row(0, series.len()) + TOP
    } else {
        row(categories.len(), 0) + TOP
    };
    let shapes = series
        .iter()
        .enumerate()
        .map(|(s, one)| Shapes {
            key: one.key.clone(),
            label: one.label.clone(),
            colour: colour(one, s),
            bars: one
                .values
                .iter()
                .enumerate()
                .filter_map(|(c, v)| v.map(|v| (c, v)))
                .map(|(c, v)| {
                    let w = (v / top * plot).max(if v > 0.0 { 2.0 } else { 0.0 });
                    let y = row(c, s);
                    let h = if per_series {
                        BAR_HEIGHT
                    } else {
                        BAR_HEIGHT - 2.0
                    };
                    Bar {
                        x: LABEL_WIDTH,
                        y: px(y),
                        w: px(w),
                        h,
                        title: format!("{}: {} {}", categories[c], show(v, percent), one.label),
                        value: show(v, percent),
                        value_x: px(LABEL_WIDTH + w + 4.0),
                        value_y: px(y + h * 0.75),
                    }
                })
                .collect(),
            line: String::new(),
            dots: Vec::new(),
        })
        .collect();
    Chart {
        name: name.into(),
        title: title.into(),
        height: px(height),
        series: shapes,
        x_labels: Vec::new(),
        y_labels,
        grid: Vec::new(),
        left: LABEL_WIDTH,
        right: WIDTH - RIGHT,
        empty: series
            .iter()
            .all(|s| s.values.iter().flatten().all(|v| *v == 0.0)),
        legend: !per_series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_y_axis_ends_on_a_round_number_above_the_largest_value() {
        assert_eq!(scale(7.0, false), (8.0, 2.0));
        assert_eq!(scale(0.0, false), (4.0, 1.0));
        assert_eq!(scale(3.0, false), (4.0, 1.0));
        assert_eq!(scale(130.0, false), (150.0, 50.0));
        assert_eq!(scale(0.4, true), (1.0, 0.25));
    }

    #[test]
    fn columns_stand_on_the_axis_and_the_tallest_reaches_the_top() {
        let cats = vec!["a".to_string(), "b".to_string()];
        let chart = columns("x", "X", &cats, &[Series::counts("n", "N", &[2, 4])]);
        let bars = &chart.series[0].bars;
        assert_eq!(bars.len(), 2);
        for bar in bars {
            assert_eq!(px(bar.y + bar.h), TOP + PLOT_HEIGHT);
        }
        assert_eq!(bars[1].y, TOP);
        assert!(!chart.empty);
    }

    #[test]
    fn a_line_skips_the_weeks_without_a_rate() {
        let cats: Vec<String> = ["w1", "w2", "w3"].map(String::from).to_vec();
        let chart = lines(
            "r",
            "R",
            &cats,
            &[Series::new("all", "All", vec![Some(0.5), None, Some(1.0)])],
        );
        assert_eq!(chart.series[0].dots.len(), 2);
        assert_eq!(chart.series[0].line.split(' ').count(), 2);
    }

    #[test]
    fn one_category_of_bars_gives_each_series_its_own_labelled_row() {
        let chart = bars(
            "s",
            "S",
            &["pairs".to_string()],
            &[
                Series::counts("active", "Active", &[3]),
                Series::counts("ended", "Ended", &[0]),
            ],
            false,
        );
        assert_eq!(chart.y_labels.len(), 2);
        assert_eq!(chart.y_labels[1].text, "Ended");
        assert_eq!(chart.series[1].bars[0].w, 0.0);
        assert_eq!(chart.series[1].bars[0].value, "0");
    }
}
