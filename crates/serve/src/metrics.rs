//! Request counters and latency histograms, rendered in Prometheus' text format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

use serde_json::Value;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What the server has answered since it started. Owned by the app state.
#[derive(Default)]
pub(crate) struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

impl Metrics {
    pub(crate) fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        // A poisoned lock only means a panic elsewhere mid-update: counts stay usable.
        let mut inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *inner.requests.entry((route.to_string(), method.to_string(), status)).or_default() += 1;
        let histogram = inner.latency.entry(route.to_string()).or_default();
        histogram.count += 1;
        histogram.sum += seconds;
        for (bucket, bound) in histogram.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    pub(crate) fn render(&self, in_flight: usize, store: Option<&Value>) -> String {
        let inner = self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut out = String::new();
        let _ =
            writeln!(out, "# HELP dyad_http_requests_total Requests answered, by route, method and status.");
        let _ = writeln!(out, "# TYPE dyad_http_requests_total counter");
        for ((route, method, status), count) in &inner.requests {
            let _ = writeln!(
                out,
                "dyad_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        let _ = writeln!(out, "# HELP dyad_http_request_duration_seconds Time to answer, by route.");
        let _ = writeln!(out, "# TYPE dyad_http_request_duration_seconds histogram");
        for (route, histogram) in &inner.latency {
            let route = escape(route);
            for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
                let _ = writeln!(
                    out,
                    "dyad_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "dyad_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "dyad_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "dyad_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        let _ = writeln!(out, "# HELP dyad_http_in_flight Requests being answered now.");
        let _ = writeln!(out, "# TYPE dyad_http_in_flight gauge");
        let _ = writeln!(out, "dyad_http_in_flight {in_flight}");
        if let Some(summary) = store {
            let _ = writeln!(out, "# HELP dyad_store_rows Rows in the store, by kind.");
            let _ = writeln!(out, "# TYPE dyad_store_rows gauge");
            for kind in ["documents", "stories", "events", "mentions"] {
                if let Some(n) = summary[kind].as_u64() {
                    let _ = writeln!(out, "dyad_store_rows{{kind=\"{kind}\"}} {n}");
                }
            }
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}
