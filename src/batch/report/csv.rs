//! CSV: one row per answer in input order, after a header ([`CSV_COLUMNS`]). Quoting is the `csv`
//! crate's (RFC 4180, only where needed); lists are `;`-separated ids.

use crate::batch::{Outcome, Row};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 19] = [
    "index",
    "id",
    "candidate",
    "source",
    "status",
    "question_id",
    "question",
    "topic",
    "score",
    "grade",
    "coverage",
    "covered",
    "missing",
    "red_flags",
    "gates",
    "off_topic",
    "error",
    "reason",
    "closest",
];

/// The header line, `\n` ended.
pub fn csv_header() -> String {
    line(&CSV_COLUMNS.map(String::from))
}

/// One row as a CSV line, `\n` ended.
pub fn csv_row(row: &Row) -> String {
    let ids = |it: &mut dyn Iterator<Item = &str>| it.collect::<Vec<_>>().join(";");
    let head = [row.index.to_string(), row.id.clone(), row.candidate.clone().unwrap_or_default(), row.source.to_string()];
    let tail: [String; 15] = match &row.outcome {
        Outcome::Graded { grade: g, topic } => [
            "graded".into(),
            g.question_id.clone(),
            g.question.to_string(),
            topic.clone(),
            format!("{:.1}", g.score),
            g.grade.to_string(),
            format!("{:.3}", g.breakdown.coverage),
            ids(&mut g.concepts.iter().filter(|c| c.covered).map(|c| c.id.as_str())),
            ids(&mut g.concepts.iter().filter(|c| !c.covered).map(|c| c.id.as_str())),
            ids(&mut g.red_flags.iter().filter(|f| f.fired).map(|f| f.id.as_str())),
            g.gates.iter().map(|x| x.gate.name()).collect::<Vec<_>>().join(";"),
            g.off_topic.to_string(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Outcome::Failed(e) => {
            let mut tail: [String; 15] = Default::default();
            tail[0] = "error".into();
            tail[2] = row.question.clone().unwrap_or_default();
            tail[12] = e.kind().into();
            tail[13] = e.to_string();
            tail[14] = ids(&mut e.candidates().iter().map(|c| c.id.as_str()));
            tail
        }
    };
    line(&[head.as_slice(), tail.as_slice()].concat())
}

fn line(fields: &[String]) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    w.write_record(fields).expect("writing to a Vec cannot fail");
    let bytes = w.into_inner().expect("writing to a Vec cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_where_needed() {
        let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", "=1+1", ""].map(String::from);
        assert_eq!(line(&fields), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",=1+1,\n");
    }

    #[test]
    fn header_names_every_column() {
        assert_eq!(
            csv_header(),
            "index,id,candidate,source,status,question_id,question,topic,score,grade,coverage,covered,missing,red_flags,gates,\
             off_topic,error,reason,closest\n"
        );
    }
}
