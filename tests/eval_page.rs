//! `gograde eval --out eval.html`: the page's figures are the JSON report's, it is self-contained
//! and escapes what the marked answers say, headless Chromium renders it (when installed), and
//! `--baseline` adds a before/after section with the baseline's figures.

use crate::util::{gograde, root};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn marked() -> PathBuf {
    root().join("tests/data/marked-answers.jsonl")
}

/// `gograde eval FILE --format json`, parsed.
fn eval_json(file: &Path) -> Value {
    let out = gograde().args(["eval", "--format", "json"]).arg(file).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// `gograde eval FILE --out DIR/NAME ARGS…`: the page written (format chosen by the extension).
fn eval_page(file: &Path, dir: &Path, name: &str, args: &[&str]) -> String {
    let page = dir.join(name);
    gograde().arg("eval").arg(file).arg("--out").arg(&page).args(args).assert().success();
    fs::read_to_string(&page).unwrap()
}

/// The JSON report and the page of tests/data/marked-answers.jsonl, made once.
fn marked_json_and_page() -> &'static (Value, String) {
    static BOTH: OnceLock<(Value, String)> = OnceLock::new();
    BOTH.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        (eval_json(&marked()), eval_page(&marked(), dir.path(), "eval.html", &[]))
    })
}

/// Every start tag of `html` that contains `marker`.
fn tags<'a>(html: &'a str, marker: &str) -> Vec<&'a str> {
    html.match_indices(marker)
        .map(|(at, _)| {
            let start = html[..at].rfind('<').unwrap();
            let end = at + html[at..].find('>').unwrap();
            &html[start..=end]
        })
        .collect()
}

/// The one start tag of `html` that contains `marker`.
fn tag<'a>(html: &'a str, marker: &str) -> &'a str {
    let found = tags(html, marker);
    assert_eq!(found.len(), 1, "one tag with {marker}: {found:?}");
    found[0]
}

/// An attribute's value in a start tag, unescaped.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).unwrap_or_else(|| panic!("{name} in {tag}")).parse().unwrap()
}

/// The part of `html` from the element with `id` to the end of its first table (or section).
fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let end = ["</table>", "</section>"].iter().filter_map(|e| html[start..].find(e)).min().unwrap();
    &html[start..start + end]
}

const METRICS: [&str; 5] = ["pearson", "spearman", "qwk", "mae", "rmse"];

#[test]
fn eval_page_shows_the_figures_of_the_json_report() {
    let (json, html) = marked_json_and_page();
    let graded = json["graded"].as_u64().unwrap();
    assert_eq!(graded, 367);
    let figures = part(html, "figures");
    assert_eq!(num(tag(figures, "data-metric=\"graded\""), "data-value"), graded as f64);
    for m in METRICS {
        assert_eq!(num(tag(figures, &format!("data-metric=\"{m}\"")), "data-value"), json[m].as_f64().unwrap(), "{m}");
    }

    let kinds = json["per_kind"].as_object().unwrap();
    let table = part(html, "per-kind");
    assert_eq!(tags(table, "data-kind=").len(), kinds.len());
    for (kind, m) in kinds {
        let row = tag(table, &format!("data-kind=\"{kind}\""));
        for field in ["count", "human", "machine"] {
            let key = if field == "count" { "data-count" } else { &format!("data-{field}") };
            assert_eq!(num(row, key), m[field].as_f64().unwrap(), "{kind} {field}");
        }
    }

    let matrix = part(html, "confusion");
    for h in 0..6 {
        for g in 0..6 {
            let cell = tag(matrix, &format!("data-expert=\"{h}\" data-gograde=\"{g}\""));
            assert_eq!(num(cell, "data-count"), json["confusion"][h][g].as_f64().unwrap(), "confusion[{h}][{g}]");
        }
    }

    // One point per graded answer, at its score; the worst disagreements in the report's order.
    let points = tags(part(html, "scatter"), "<g data-line=");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(points.len(), rows.len());
    assert_eq!(rows.len() as u64, graded);
    for (p, r) in points.iter().zip(rows) {
        assert_eq!(num(p, "data-line"), r["line"].as_f64().unwrap());
        assert_eq!(num(p, "data-mark"), r["human"].as_f64().unwrap());
        assert_eq!(num(p, "data-score"), r["score"].as_f64().unwrap());
    }
    let shown: Vec<f64> = tags(part(html, "worst"), "<article").iter().map(|t| num(t, "data-line")).collect();
    let worst: Vec<f64> = json["worst"].as_array().unwrap().iter().map(|w| w["line"].as_f64().unwrap()).collect();
    assert_eq!((shown.len(), &shown), (15, &worst));
    let first = &json["worst"][0];
    let covered = first["covered"][0].as_str().unwrap();
    let quote = first["quotes"][covered][0].as_str().unwrap();
    assert!(html.contains(&format!("<code>{covered}</code> \u{201c}")), "the worst case names what it covered");
    assert!(html.contains(&quote.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")));
}

#[test]
fn eval_page_is_self_contained() {
    let (_, html) = marked_json_and_page();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for banned in ["<script", "<link", "<img", "<iframe", "://", "url(", "@import", " src=", " href="] {
        assert!(!html.to_ascii_lowercase().contains(banned), "the page contains {banned:?}");
    }
    assert!(html.contains("<svg class=\"chart\""), "the scatter is inline SVG");
    for tag in ["section", "table", "tr", "svg", "g", "article", "dl", "blockquote"] {
        assert_eq!(
            html.matches(&format!("<{tag} ")).count() + html.matches(&format!("<{tag}>")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "<{tag}>"
        );
    }
    assert!(!html.contains("id=\"before-after\""), "no baseline, no before/after section");
}

#[test]
fn eval_page_escapes_what_marked_answers_say() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.jsonl");
    let hostile = [
        serde_json::json!({"question": "channels-buffered-vs-unbuffered", "grade": 5, "kind": "<b>evil</b>",
            "answer": "</blockquote><script>alert(1)</script><img src=x onerror=alert(2)> & \"quoted\""}),
        serde_json::json!({"question": "make-vs-new", "grade": 4, "kind": "complete",
            "answer": "make initialises slices, maps and channels and returns the value; new(T) returns a pointer to a zeroed T."}),
        serde_json::json!({"question": "<script>alert(3)</script> what is your favourite editor?", "grade": 0, "answer": "vim"}),
    ];
    fs::write(&file, hostile.iter().map(|v| v.to_string() + "\n").collect::<String>()).unwrap();
    let html = eval_page(&file, dir.path(), "hostile.html", &[]);
    for raw in ["<script", "<img", "<b>evil", "</blockquote><"] {
        assert!(!html.contains(raw), "{raw} is not escaped");
    }
    assert!(html
        .contains("&lt;/blockquote&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot;"));
    assert!(html.contains("&lt;b&gt;evil&lt;/b&gt;"), "the kind is escaped in the legend and tables");
    assert!(html.contains("data-kind=\"&lt;b&gt;evil&lt;/b&gt;\""), "and in attributes");
    assert!(html.contains("id=\"not-graded\""), "the unknown question is listed");
}

/// The first of chromium, chromium-browser and google-chrome on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Screenshot `page` with headless Chromium at 1200×2000, networking off; the PNG's bytes.
fn screenshot(chrome: &Path, page: &Path, png: &Path) -> Vec<u8> {
    let mut child = std::process::Command::new(chrome)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-extensions"])
        .args(["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--window-size=1200,2000"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    fs::read(png).unwrap_or_else(|e| panic!("chromium wrote no screenshot of {}: {e}", page.display()))
}

#[test]
fn eval_page_renders_in_headless_chromium() {
    let Some(chrome) = chromium() else {
        eprintln!("skipped: chromium is not installed (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = marked_json_and_page();
    let page = dir.path().join("eval.html");
    fs::write(&page, html).unwrap();
    let blank = dir.path().join("blank.html");
    fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let shot = screenshot(&chrome, &page, &dir.path().join("eval.png"));
    let empty = screenshot(&chrome, &blank, &dir.path().join("blank.png"));
    assert_eq!(&shot[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let size = |png: &[u8]| (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert_eq!(size(&shot), (1200, 2000));
    // A blank page compresses to almost nothing; text, a chart and a heat map do not.
    assert!(shot.len() > 20 * empty.len(), "the screenshot is nearly blank: {} bytes, a blank page {}", shot.len(), empty.len());
}

/// A baseline made from this run's JSON: other figures, other per-kind means, three answers
/// regraded and one left out.
fn baseline_of(now: &Value) -> Value {
    let mut before = now.clone();
    for (m, v) in METRICS.iter().zip([0.5, 0.55, 0.45, 1.25, 1.5]) {
        before[m] = v.into();
    }
    for m in before["per_kind"].as_object_mut().unwrap().values_mut() {
        m["machine"] = 2.5.into();
    }
    let rows = before["rows"].as_array_mut().unwrap();
    for r in rows.iter_mut().take(3) {
        let g = r["grade"].as_u64().unwrap();
        r["grade"] = ((g + 3) % 6).into();
    }
    rows.pop();
    before["graded"] = 366.into();
    before
}

#[test]
fn eval_page_with_a_baseline_compares_before_and_after() {
    let (now, _) = marked_json_and_page();
    let before = baseline_of(now);
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("before.json");
    fs::write(&base, before.to_string()).unwrap();
    let html = eval_page(&marked(), dir.path(), "eval.html", &["--baseline", base.to_str().unwrap()]);

    let figures = part(&html, "before-after-figures");
    for m in METRICS {
        let row = tag(figures, &format!("data-metric=\"{m}\""));
        assert_eq!((num(row, "data-before"), num(row, "data-after")), (before[m].as_f64().unwrap(), now[m].as_f64().unwrap()), "{m}");
    }
    let row = tag(figures, "data-metric=\"graded\"");
    assert_eq!((num(row, "data-before"), num(row, "data-after")), (366.0, 367.0));

    let kinds = part(&html, "before-after-kinds");
    for (kind, m) in now["per_kind"].as_object().unwrap() {
        let row = tag(kinds, &format!("data-kind=\"{kind}\""));
        assert_eq!((num(row, "data-before"), num(row, "data-after")), (2.5, m["machine"].as_f64().unwrap()), "{kind}");
    }

    // The three regraded answers, each with its grade before and after.
    let changed = tags(part(&html, "changed"), "<tr data-line=");
    let rows = now["rows"].as_array().unwrap();
    assert_eq!(changed.len(), 3, "{changed:?}");
    for r in &rows[..3] {
        let line = r["line"].as_u64().unwrap();
        let t = changed.iter().find(|t| num(t, "data-line") == line as f64).unwrap_or_else(|| panic!("line {line} listed"));
        let g = r["grade"].as_u64().unwrap();
        assert_eq!((num(t, "data-before"), num(t, "data-after")), (((g + 3) % 6) as f64, g as f64));
    }
    assert!(html.contains("366 of this run\u{2019}s 367 answers are in the baseline"), "matched by question and answer");
    assert!(html.contains("The grade changed on 3:"));

    // The text report says the same in brief.
    let out = gograde().arg("eval").arg(marked()).arg("--baseline").arg(&base).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains(&format!("pearson  0.500 -> {:.3}", now["pearson"].as_f64().unwrap())), "{text}");
    assert!(text.contains("366 of 367 answers in the baseline; grade changed on 3"), "{text}");
}

#[test]
fn a_broken_floor_file_is_unreadable_input_and_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let floor = dir.path().join("floor.toml");
    std::fs::write(&floor, "pearson = 'high'\n").unwrap();
    let out = gograde().arg("eval").arg(marked()).arg("--floor").arg(&floor).assert().code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("floor.toml") && stderr.contains("line 1"), "{stderr}");
}

#[test]
fn a_baseline_must_be_an_eval_report() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        gograde().arg("eval").arg(marked()).arg("--baseline").arg(marked()).arg("--out").arg(dir.path().join("x.html")).assert().code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(stderr.contains("these are marked answers, not an eval report"), "{stderr}");
    assert!(!dir.path().join("x.html").exists());

    // A report from before `rows` existed still compares its figures, and says why no answer is paired.
    let (now, _) = marked_json_and_page();
    let mut old = baseline_of(now);
    old.as_object_mut().unwrap().remove("rows");
    let base = dir.path().join("old.json");
    fs::write(&base, old.to_string()).unwrap();
    let html = eval_page(&marked(), dir.path(), "eval.html", &["--baseline", base.to_str().unwrap()]);
    assert_eq!(num(tag(part(&html, "before-after-figures"), "data-metric=\"qwk\""), "data-before"), 0.45);
    assert!(html.contains("The baseline lists no answers"));
}

#[test]
fn eval_out_picks_the_format_from_the_extension() {
    let (now, _) = marked_json_and_page();
    let dir = tempfile::tempdir().unwrap();
    let json: Value = serde_json::from_str(&eval_page(&marked(), dir.path(), "eval.json", &[])).unwrap();
    assert_eq!(&json, now);
    let text = eval_page(&marked(), dir.path(), "eval.txt", &[]);
    assert!(text.starts_with("graded 367 marked answers"), "{text}");
    let forced = eval_page(&marked(), dir.path(), "report.out", &["--format", "html"]);
    assert!(forced.starts_with("<!DOCTYPE html>"));
    let stdout = gograde().args(["eval", "--format", "html"]).arg(marked()).assert().success();
    assert!(String::from_utf8_lossy(&stdout.get_output().stdout).starts_with("<!DOCTYPE html>"));
    let files: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files.len(), 3, "no temporary file left behind: {files:?}");
}
