//! Banks of minimal rubrics (id, topic, level, question; a reference in corpus/): the gates judge
//! their answers on their merits. Questions repeated across exams are related, not off-topic for
//! each other, and a one-phrase answer to a one-phrase reference is not too short.

use crate::util::gograde;
use gograde::quality::eval::pearson;
use std::fs;
use std::path::Path;

/// A course bank: a question asked twice (assignment and exam, near-duplicate references), a
/// question with a one-phrase reference, and unrelated questions around them.
fn course_bank(dir: &Path, extra: &[(&str, &str)]) {
    let rubrics = dir.join("rubrics/course");
    let corpus = dir.join("corpus/course");
    fs::create_dir_all(&rubrics).unwrap();
    fs::create_dir_all(&corpus).unwrap();
    let questions = [
        ("constructor", "What is the function called when an object is created?", "The constructor."),
        (
            "stack-assignment",
            "What is a stack, and which operations does it support?",
            "A stack is a last-in first-out structure: push adds an element on top and pop removes the most recently pushed element from the top.",
        ),
        (
            "stack-exam",
            "Define a stack and name its operations.",
            "A stack is a last-in first-out data structure; push puts an element on the top and pop takes the top element off.",
        ),
        (
            "queue",
            "What is a queue?",
            "A queue is a first-in first-out structure: enqueue adds an element at the back and dequeue removes the element at the front.",
        ),
        (
            "stack-overflow",
            "When does a stack overflow happen in a recursive function?",
            "Every call pushes a frame holding its locals on the call stack; recursion without a reachable base case keeps pushing frames until the stack has no room left.",
        ),
        (
            "base-case",
            "Why does a recursive function need a base case?",
            "The base case returns a result without calling the function again, so the chain of calls ends; without one the function calls itself forever.",
        ),
        (
            "binary-search",
            "How does binary search work?",
            "Binary search compares the key with the middle element of a sorted array and keeps searching the half that can hold it, so it needs logarithmic time.",
        ),
        ("binary-search-cost", "What is the worst-case time complexity of binary search?", "O(log n): every step halves the range."),
        ("hosts", "How many usable host addresses does a /24 subnet have?", "254: 256 addresses less the network and broadcast addresses."),
        ("inorder", "Which traversal visits a binary search tree's keys in sorted order?", "In-order traversal (left subtree, node, right subtree)."),
        ("children", "How many children can a node of a binary tree have at most?", "Two (a left and a right child)."),
        (
            "handshake",
            "How does TCP set up a connection?",
            "With a three-way handshake: the client sends SYN, the server answers with SYN-ACK, and the client sends ACK.",
        ),
        (
            "tail-calls",
            "With tail-call optimisation, how much stack space does a tail-recursive function use for n calls?",
            "Constant stack space, O(1): each tail call reuses the current frame.",
        ),
        (
            "deadlock",
            "What are the four necessary conditions for deadlock?",
            "Mutual exclusion, hold and wait, no preemption and circular wait; all four must hold at once.",
        ),
    ];
    for (id, question, reference) in questions {
        let more: String = extra.iter().filter(|(of, _)| *of == id).map(|(_, line)| format!("{line}\n")).collect();
        fs::write(
            rubrics.join(format!("{id}.toml")),
            format!("id = \"{id}\"\ntopic = \"course\"\nlevel = \"junior\"\nquestion = \"{question}\"\n{more}"),
        )
        .unwrap();
        fs::write(corpus.join(format!("{id}.md")), format!("{reference}\n")).unwrap();
    }
}

fn grade(bank: &Path, id: &str, answer: &str) -> serde_json::Value {
    let out = gograde().args(["--bank", bank.to_str().unwrap(), "grade", "-q", id, "--format", "json", answer]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn gates(g: &serde_json::Value) -> Vec<String> {
    g["gates"].as_array().unwrap().iter().map(|x| x["gate"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_question_asked_twice_grades_both_askings_good_answers_fully() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    let own_words = [
        (
            "stack-assignment",
            "A stack is last-in first-out. Push adds an element on the top; pop removes the element pushed most recently, from the top.",
        ),
        (
            "stack-exam",
            "A stack is a last-in first-out data structure: push puts an element on top of it and pop takes the top element off again.",
        ),
    ];
    for (id, answer) in own_words {
        let g = grade(dir.path(), id, answer);
        assert!(g["grade"].as_u64().unwrap() >= 4, "{id}: {g}");
        assert_eq!(g["off_topic"], false, "{id}: {g}");
        assert!(gates(&g).is_empty(), "{id}: {g}");
    }
    // The exam's answer in the assignment's words fits the assignment's reference better, and is
    // still an answer to the exam: no gate.
    let g = grade(dir.path(), "stack-exam", own_words[0].1);
    assert!(g["closest_other"]["id"] == "stack-assignment", "the other asking fits better: {g}");
    assert_eq!(g["off_topic"], false, "{g}");
    assert!(gates(&g).is_empty(), "{g}");
    // Unrelated questions stay off-topic for each other.
    let g = grade(dir.path(), "binary-search", own_words[0].1);
    assert_eq!(g["off_topic"], true, "{g}");
}

#[test]
fn a_one_phrase_answer_to_a_one_phrase_reference_is_not_too_short() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    let g = grade(dir.path(), "constructor", "the constructor");
    assert!(gates(&g).is_empty(), "{g}");
    assert!(g["grade"].as_u64().unwrap() >= 4, "{g}");
    // A short answer with nothing in it still is.
    let g = grade(dir.path(), "constructor", "a method");
    assert_eq!(gates(&g), ["too-short"], "{g}");
    // And `check` passes the bank: one keyword is no keyword list.
    gograde().args(["--bank", dir.path().to_str().unwrap(), "check"]).assert().success();
}

#[test]
fn a_short_answer_in_other_words_or_other_spelling_is_graded_on_its_merits() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    // A compound run together, a number in digits: the same words as the reference's.
    for (id, answer) in [("inorder", "inorder"), ("children", "2")] {
        let g = grade(dir.path(), id, answer);
        assert!(gates(&g).is_empty() && g["grade"].as_u64().unwrap() >= 3, "{id}: {g}");
    }
    // A list is what the question asks for; telegraphic prose is prose.
    for list in [
        "mutual exclusion, hold and wait, no pre-emption, circular waiting",
        "1. Mutual exclusion 2. Hold & wait 3. No pre-emption 4. Circular waiting",
    ] {
        let g = grade(dir.path(), "deadlock", list);
        assert!(gates(&g).is_empty() && g["grade"].as_u64().unwrap() >= 4, "{g}");
    }
    let g = grade(dir.path(), "stack-assignment", "LIFO structure, push adds on top, pop takes top element off");
    assert!(gates(&g).is_empty(), "{g}");
    // Still: a wrong short answer, and an empty one, earn nothing.
    assert!(grade(dir.path(), "inorder", "preorder")["grade"].as_u64().unwrap() <= 1);
    assert_eq!(gates(&grade(dir.path(), "children", "a parent")), ["too-short"]);
    // A list of single words is a keyword list however short (`gograde check`'s probe).
    assert_eq!(gates(&grade(dir.path(), "children", "two, left, right, child")), ["keyword-list"]);
}

#[test]
fn one_word_of_a_longer_reference_is_not_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    // Every word of the reference is in the reference, so a one-word answer was all precision:
    // most of a bank's longer words alone earned grade 3 to 5 (mean 3.3 on the blind course
    // banks). Precision's prior makes one word what it is, a little of the reference.
    let mut grades = Vec::new();
    for id in ["stack-assignment", "queue", "stack-overflow", "base-case", "binary-search"] {
        let reference = fs::read_to_string(dir.path().join(format!("corpus/course/{id}.md"))).unwrap();
        assert_eq!(grade(dir.path(), id, reference.trim())["grade"], 5, "{id}: the reference itself");
        let mut words: Vec<&str> = reference.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 6).collect();
        words.dedup();
        for word in words {
            grades.push((grade(dir.path(), id, word)["grade"].as_u64().unwrap(), id, word.to_string()));
        }
    }
    let high = grades.iter().filter(|(g, ..)| *g >= 3).count();
    assert!(grades.iter().all(|(g, ..)| *g <= 3) && high * 4 <= grades.len(), "{grades:?}");
}

#[test]
fn a_wrong_order_of_growth_or_count_is_capped_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    for (id, answer, wrong) in [
        ("binary-search-cost", "O(n log n)", true),
        ("binary-search-cost", "It is O(n) because it may look at every element", true),
        ("binary-search-cost", "O(log n), since each step halves what is left", false),
        ("binary-search-cost", "logarithmic time", false),
        ("hosts", "256", true),
        ("hosts", "254 (256 minus the network and broadcast addresses)", false),
        // "How much stack space?" answered by an order of growth, not by the count in "O(1)".
        ("tail-calls", "O(n), one frame for every call", true),
        ("tail-calls", "O(1), the current frame is reused", false),
        ("tail-calls", "constant space, each call reuses the frame", false),
        // A number the reference gives of a thing, given otherwise, on any question.
        ("handshake", "TCP connects with a 4-way handshake using FIN and ACK from both sides.", true),
        ("handshake", "a 3-way handshake: SYN, then SYN-ACK back, then ACK", false),
        ("handshake", "The client sends SYN, the server replies with SYN-ACK and the client acknowledges with ACK.", false),
    ] {
        let g = grade(dir.path(), id, answer);
        assert_eq!(gates(&g).contains(&"wrong-value".to_string()), wrong, "{id} {answer:?}: {g}");
        if wrong {
            assert!(g["grade"].as_u64().unwrap() <= 1, "{g}");
            let reason = g["gates"][0]["reason"].as_str().unwrap();
            assert!(reason.contains("where the reference says"), "{reason}");
        }
    }
}

/// Pearson of the blind course bank's `half` with its marks, graded by `bank`.
fn course_pearson(bank: &gograde::Bank, half: &str) -> f64 {
    let grader = gograde::Grader::new(bank);
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/course-{half}.jsonl"))).unwrap();
    let (mut marks, mut scores) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        scores.push(grader.grade_id(v["question_id"].as_str().unwrap(), v["answer"].as_str().unwrap()).unwrap().score);
        marks.push(v["mark"].as_f64().unwrap());
    }
    pearson(&scores, &marks)
}

/// `gograde draft` starts an author above no draft, never below (issue 11: drafts graded an
/// outside course at 0.27 against 0.44 for minimal rubrics; ours at 0.46 against 0.55).
#[test]
fn a_drafted_course_bank_grades_at_least_as_well_as_its_minimal_rubrics() {
    use gograde::quality::draft::{draft, DraftRequest};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/course-bank");
    let minimal = gograde::Bank::from_dir(&root).unwrap();
    let mut files = std::collections::BTreeMap::new();
    for r in minimal.rubrics() {
        let req = DraftRequest {
            id: r.id.clone(),
            topic: r.topic.clone(),
            level: "junior".into(),
            question: r.question.to_string(),
            reference: r.reference.clone(),
        };
        files.insert(format!("rubrics/{}/{}.toml", r.topic, r.id), draft(&minimal, &req));
        files.insert(format!("corpus/{}/{}.md", r.topic, r.id), r.reference.clone());
    }
    let drafted = gograde::Bank::from_files(files, "drafted course bank".into()).unwrap();
    assert!(drafted.rubrics().iter().all(|r| r.drafted && !r.concepts.is_empty()));
    let (plain, with_draft) = (course_pearson(&minimal, "dev"), course_pearson(&drafted, "dev"));
    assert!(with_draft >= plain - 0.005, "drafted {with_draft:.3} against minimal {plain:.3}");
}

/// A question that asks for an order of growth is answered by the value in any spelling a
/// student uses ("quadratic", "n^2", "n squared" for the reference's "O(n^2)"; before, "quadratic"
/// was capped as too short and graded 0), and not by the value's letters alone ("n" graded 5).
#[test]
fn an_order_of_growth_is_the_answer_in_any_spelling_and_its_letters_are_not() {
    let bank = gograde::Bank::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/course-bank")).unwrap();
    let grader = gograde::Grader::new(&bank);
    let grade = |id: &str, answer: &str| grader.grade_id(id, answer).unwrap().grade;
    // ds-29: "What is the worst-case time complexity of bubble sort?" / "O(n^2)."
    for right in ["O(n^2)", "quadratic", "n^2", "n squared", "its quadratic, two nested loops over the array"] {
        assert!(grade("ds-29", right) >= 4, "{right}: {}", grade("ds-29", right));
    }
    for wrong in ["n", "2", "O(n log n)", "linear", "nlogn"] {
        assert!(grade("ds-29", wrong) <= 1, "{wrong}: {}", grade("ds-29", wrong));
    }
    // ds-14: "What is the average-case time complexity of quicksort?" / "O(n log n)."
    assert!(grade("ds-14", "n log n on average") >= 4);
    assert!(grade("ds-14", "quadratic") <= 1);
}

/// Plain word overlap, the baseline issue 11 measured: the share of the reference's distinct
/// stemmed content words, other than the question's, that the answer says.
fn plain_overlap(question: &str, reference: &str, answer: &str) -> f64 {
    let stems = |text: &str| -> std::collections::HashSet<String> {
        let a = gograde::text::analyze(text);
        a.tokens.iter().filter(|t| !a.positions[t.pos as usize].stop).map(|t| t.stem.as_str().to_owned()).collect()
    };
    let (asked, said) = (stems(question), stems(answer));
    let wanted: Vec<String> = stems(reference).into_iter().filter(|s| !asked.contains(s)).collect();
    match wanted.len() {
        0 => 0.0,
        n => wanted.iter().filter(|s| said.contains(*s)).count() as f64 / n as f64,
    }
}

/// The blind course banks (`tests/data/course-bank`: 60 computer-science questions with terse
/// model answers and 480 student answers; `course2-bank`: 48 questions of two other courses and
/// 384 answers, never tuned on; `course3-bank`: 48 more, 384 answers whose weak ones often state
/// the opposite of the truth; `course4-bank`: 48 questions of an algorithms and an architecture
/// course, 384 answers; `course5-bank`: 48 questions of a C++ programming course, 384 answers;
/// all written and marked by helpers that never saw gograde): graded
/// from references alone, the score follows the marks better than plain word overlap or
/// similarity (issue 11: on an outside course it was the reverse, 0.44 against 0.52).
#[test]
fn on_blind_course_banks_the_score_beats_plain_overlap() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // Measured 2026-12-07: course dev 0.752 (similarity 0.479, overlap 0.510), course test 0.640
    // (0.511, 0.519), course2 0.637 (0.548, 0.549); eighth session, with precision's prior: course
    // dev 0.777, test 0.655, course2 0.662, course3 test 0.557 (0.509, 0.511). Ninth session,
    // overlap measured plainly (not the model's value-aware feature) and orders of growth read in
    // any spelling: course dev 0.763 (0.479, 0.490), test 0.670 (0.511, 0.500), course2 0.669
    // (0.548, 0.548), course3 test 0.560 (0.509, 0.507), course4 test 0.595 (0.477, 0.479).
    // Tenth, with the computing lexicon: course dev 0.775, test 0.696, course2 0.675, course3 test
    // 0.574, course4 test 0.610 (similarity and overlap unchanged). Thirteenth, the fifth bank
    // (C++ programming) first graded: course5 test 0.675 (0.579, 0.579).
    // (bank, half, margin over both, floor): course3's opposites and paraphrases are harder.
    for (bank, half, margin, floor) in [
        ("course-bank", "course-dev", 0.1, 0.6),
        ("course-bank", "course-test", 0.1, 0.6),
        ("course2-bank", "course2-test", 0.06, 0.6),
        ("course3-bank", "course3-test", 0.03, 0.52),
        ("course4-bank", "course4-test", 0.03, 0.54),
        ("course5-bank", "course5-test", 0.05, 0.62),
    ] {
        let bank = gograde::Bank::from_dir(&root.join(bank)).unwrap();
        let grader = gograde::Grader::new(&bank);
        let (mut marks, mut scores, mut similarity, mut overlap) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let text = fs::read_to_string(root.join(format!("{half}.jsonl"))).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let g = grader.grade_id(v["question_id"].as_str().unwrap(), v["answer"].as_str().unwrap()).unwrap();
            marks.push(v["mark"].as_f64().unwrap());
            scores.push(g.score);
            similarity.push(g.similarity);
            let rubric = bank.rubrics().iter().find(|r| r.id == g.question_id).unwrap();
            overlap.push(plain_overlap(&rubric.question, &rubric.reference, v["answer"].as_str().unwrap()));
        }
        let (score, sim, over) = (pearson(&scores, &marks), pearson(&similarity, &marks), pearson(&overlap, &marks));
        assert!(score >= floor && score >= sim.max(over) + margin, "{half}: score {score:.3}, similarity {sim:.3}, overlap {over:.3}");
    }
}

#[test]
fn declared_related_questions_are_never_off_topic_for_each_other() {
    let answer = "Without a base case every call pushes one more frame on the call stack, until the stack has no room left.";
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    let g = grade(dir.path(), "base-case", answer);
    assert_eq!(g["off_topic"], true, "without the declaration the answer reads as stack-overflow's: {g}");
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[("base-case", "related = [\"stack-overflow\"]")]);
    let g = grade(dir.path(), "base-case", answer);
    assert_eq!(g["off_topic"], false, "{g}");
    assert!(!gates(&g).contains(&"off-topic".to_string()), "{g}");
}

#[test]
fn an_unknown_related_id_is_reported_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[("base-case", "related = [\"stack-overflw\"]")]);
    let out = gograde().args(["--bank", dir.path().to_str().unwrap(), "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("rubrics/course/base-case.toml:5:12: related[0]: no question of the bank has the id \"stack-overflw\""),
        "{stdout}"
    );
}

#[test]
fn an_answer_close_to_a_marked_example_borrows_its_grade_and_shows_it() {
    let examples = [
        ("queue", "[[example]]\nanswer = \"Things leave in the order they arrived, like people waiting in line at a shop.\"\ngrade = 5"),
        ("queue", "[[example]]\nanswer = \"A queue is last in, first out: the newest element leaves first.\"\ngrade = 0"),
    ];
    let plain = tempfile::tempdir().unwrap();
    course_bank(plain.path(), &[]);
    let marked = tempfile::tempdir().unwrap();
    course_bank(marked.path(), &examples);
    let in_line = "Items leave in the order in which they arrived, like people waiting in a line.";
    let (before, after) = (grade(plain.path(), "queue", in_line), grade(marked.path(), "queue", in_line));
    assert!(before.get("nearest_examples").is_none() && before["breakdown"].get("example_points").is_none(), "{before}");
    let nearest = &after["nearest_examples"][0];
    assert_eq!(nearest["grade"], 5, "{after}");
    assert!(nearest["answer"].as_str().unwrap().starts_with("Things leave"), "{after}");
    assert!(nearest["similarity"].as_f64().unwrap() > 0.5, "{after}");
    assert!(after["breakdown"]["example_points"].as_f64().unwrap() > 0.0, "{after}");
    assert!(after["grade"].as_u64().unwrap() >= before["grade"].as_u64().unwrap() + 2, "{before}\n{after}");
    // Close to a wrong example: pulled down.
    let lifo = "A queue is last in first out, the newest element leaves first.";
    let (before, after) = (grade(plain.path(), "queue", lifo), grade(marked.path(), "queue", lifo));
    assert_eq!(after["nearest_examples"][0]["grade"], 0, "{after}");
    assert!(after["score"].as_f64().unwrap() < before["score"].as_f64().unwrap(), "{before}\n{after}");
    // An example with a grade out of range is located.
    let bad = tempfile::tempdir().unwrap();
    course_bank(bad.path(), &[("queue", "[[example]]\nanswer = \"FIFO.\"\ngrade = 9")]);
    let out = gograde().args(["--bank", bad.path().to_str().unwrap(), "check"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("queue.toml:7:9: example[0].grade: 9 must be within 0..=5"), "{out:?}");
}

#[test]
fn the_fitted_model_shows_the_words_that_aligned_and_restating_the_question_earns_little() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    let reference =
        "A queue is a first-in first-out structure: enqueue adds an element at the back and dequeue removes the element at the front.";
    let full = grade(dir.path(), "queue", reference);
    assert_eq!(full["grade"], 5, "{full}");
    let paraphrase =
        grade(dir.path(), "queue", "Items join at the back and leave from the front, so the first one in is the first one out.");
    let fit = &paraphrase["breakdown"]["reference_fit"];
    let matched: Vec<&str> = fit["matched"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert!(matched.contains(&"back") && matched.contains(&"front"), "{paraphrase}");
    assert!(fit["probability"].as_f64().unwrap() > 0.0 && fit["recall"].as_f64().unwrap() > 0.3, "{paraphrase}");
    // The question's own words count for little in recall and precision alike.
    let parrot = grade(dir.path(), "queue", "A queue is a queue.");
    assert!(parrot["breakdown"]["reference_fit"]["precision"].as_f64().unwrap() <= 0.2, "{parrot}");
    assert!(parrot["score"].as_f64().unwrap() < paraphrase["score"].as_f64().unwrap(), "{parrot}\n{paraphrase}");
    assert_eq!(parrot["grade"], 0, "{parrot}");
}

/// The shipped bank cut down to id, question and reference (what a team with its own model
/// answers brings) grades our marked Go answers better than either of the model's own signals
/// alone: the combination is never worse than its parts (issue 11's finding was the reverse).
#[test]
fn graded_from_references_alone_the_score_beats_similarity_and_overlap() {
    let questions: Vec<gograde::ReferenceQuestion> = crate::util::bank()
        .rubrics()
        .iter()
        .map(|r| gograde::ReferenceQuestion {
            id: r.id.clone(),
            question: r.question.to_string(),
            reference: r.reference.clone(),
            examples: Vec::new(),
        })
        .collect();
    let bank = gograde::Bank::from_references(questions, gograde::Params::default()).unwrap();
    let grader = gograde::Grader::new(&bank);
    let (mut marks, mut scores, mut similarity, mut overlap) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for set in ["marked-answers", "blind-dev", "holdout-dev"] {
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{set}.jsonl"))).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = v.get("question_id").or(v.get("question")).and_then(|q| q.as_str()).unwrap();
            // A few rows of our own set name the question by a wording: graded by id only.
            let Ok(g) = grader.grade_id(id, v["answer"].as_str().unwrap()) else { continue };
            marks.push(v["grade"].as_f64().unwrap());
            scores.push(g.score);
            similarity.push(g.similarity);
            overlap.push(g.breakdown.reference_fit.as_ref().unwrap().overlap);
        }
    }
    let (score, sim, over) = (pearson(&scores, &marks), pearson(&similarity, &marks), pearson(&overlap, &marks));
    // Measured 2026-12-06 on 682 answers: score 0.798, similarity 0.719, overlap 0.763.
    assert!(score >= 0.77 && score >= sim.max(over) + 0.02, "score {score:.3}, similarity {sim:.3}, overlap {over:.3}");
}

/// Key-term pairs are words the reference relates; two items of a list it only names side by
/// side, and the grader does not let them relate anything, in the reference either. Every key
/// term and pair a minimal rubric derives is covered by its own reference.
#[test]
fn derived_pairs_are_never_two_items_of_a_list_and_the_reference_covers_them_all() {
    let q = |id: &str, question: &str, reference: &str| gograde::ReferenceQuestion {
        id: id.into(),
        question: question.into(),
        reference: reference.into(),
        examples: Vec::new(),
    };
    let bank = gograde::Bank::from_references(
        vec![
            q("deadlock", "Name the conditions for deadlock.", "Mutual exclusion, hold and wait, no preemption, and circular wait. All four must hold at the same time for a deadlock to occur."),
            q("nfr", "What are non-functional requirements?", "They describe qualities such as performance, security, usability and reliability, not features."),
            q("stack", "What is a stack?", "A stack is a last-in first-out collection: push adds on top and pop removes the top element."),
        ],
        gograde::Params::default(),
    )
    .unwrap();
    let grader = gograde::Grader::new(&bank);
    for r in bank.rubrics() {
        let pairs: Vec<&str> = r.concepts.iter().map(|c| c.id.as_str()).filter(|id| id.starts_with("pair-")).collect();
        assert!(!pairs.contains(&"pair-hold-wait") && !pairs.contains(&"pair-usability-reliability"), "{}: {pairs:?}", r.id);
        let g = grader.grade_id(&r.id, &r.reference).unwrap();
        let missed: Vec<&str> = g.concepts.iter().filter(|c| !c.covered).map(|c| c.id.as_str()).collect();
        assert!(missed.is_empty(), "{}: its own reference misses {missed:?}", r.id);
    }
    // Pairs of a sentence's related words are still derived.
    let stack = bank.get("stack").unwrap();
    assert!(stack.concepts.iter().any(|c| c.id.starts_with("pair-")), "{:?}", stack.concepts.iter().map(|c| &c.id).collect::<Vec<_>>());
}

/// A model answer that names myths to reject them denies as much as a gamed answer would: its
/// own question is not gated as `denied`, another question still is.
#[test]
fn a_reference_that_rejects_myths_is_not_read_as_denying_everything() {
    let q = |id: &str, question: &str, reference: &str| gograde::ReferenceQuestion {
        id: id.into(),
        question: question.into(),
        reference: reference.into(),
        examples: Vec::new(),
    };
    let myths =
        "It is not true that goroutines are operating-system threads. It is not true that channels are always slower than mutexes. \
                 It is not true that a nil map can be written to.";
    let facts = "Goroutines are scheduled by the Go runtime onto a few operating-system threads. \
                 A channel hands a value from one goroutine to another and synchronises them.";
    let bank = gograde::Bank::from_references(
        vec![q("myths", "Which common beliefs about Go are false?", myths), q("facts", "How are goroutines scheduled?", facts)],
        gograde::Params::default(),
    )
    .unwrap();
    let grader = gograde::Grader::new(&bank);
    let denied = |g: &gograde::Grade| g.gates.iter().any(|g| g.gate == gograde::grading::GateKind::Denied);
    let own = grader.grade_id("myths", myths).unwrap();
    assert!(!denied(&own) && own.grade == 5, "{:?} {}", own.gates, own.grade);
    let gamed =
        facts.split(". ").map(|s| format!("It is not true that {}", s.trim_end_matches('.').to_lowercase())).collect::<Vec<_>>().join(". ");
    let g = grader.grade_id("facts", &gamed).unwrap();
    assert!(denied(&g) && g.grade <= 1, "{gamed}: {:?} {}", g.gates, g.grade);
}

#[test]
fn a_computing_term_in_other_words_is_the_reference_s_own_where_the_reference_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let (rubrics, corpus) = (dir.path().join("rubrics/c"), dir.path().join("corpus/c"));
    fs::create_dir_all(&rubrics).unwrap();
    fs::create_dir_all(&corpus).unwrap();
    for (id, question, reference) in [
        ("dns", "What is the role of DNS?", "DNS translates human-readable domain names (like www.example.com) into IP addresses."),
        (
            "mac",
            "What is a MAC address?",
            "A 48-bit hardware address assigned to a network interface card, used to identify the device on a local network at the data link layer.",
        ),
        (
            "pass",
            "What is the difference between pass by value and pass by reference?",
            "Pass by value gives the function a copy, so changes inside the function do not affect the caller's variable. Pass by reference gives the function access to the original variable, so changes do affect it.",
        ),
        ("inorder", "Which traversal visits a binary search tree's keys in sorted order?", "In-order traversal (left subtree, node, right subtree)."),
    ] {
        fs::write(rubrics.join(format!("{id}.toml")), format!("id = \"{id}\"\ntopic = \"c\"\nlevel = \"junior\"\nquestion = \"{question}\"\n"))
            .unwrap();
        fs::write(corpus.join(format!("{id}.md")), format!("{reference}\n")).unwrap();
    }
    let means = |g: &serde_json::Value| -> Vec<String> {
        let concepts = g["concepts"].as_array().unwrap().iter();
        concepts.flat_map(|c| c["evidence"].as_array().unwrap().iter().filter_map(|e| e["means"].as_str().map(String::from))).collect()
    };
    // Students' wordings of the reference's terms (graded 1–2 on the reference's words alone),
    // and the evidence names the term they stand for.
    for (id, answer, term) in [
        ("dns", "It resolves hostnames to IPs.", "domain names"),
        ("mac", "a unique ID burnt into the network adapter, 6 bytes long, used on the LAN", "network interface card"),
    ] {
        let g = grade(dir.path(), id, answer);
        assert!(g["grade"].as_u64().unwrap() >= 4, "{id}: {g}");
        assert!(means(&g).iter().any(|m| m.contains(term)), "{id}: {:?}", means(&g));
    }
    // Another traversal is no wording of the reference's: "preorder traversal" shares its
    // "traversal", which does not count where the reference does not say "preorder traversal".
    assert_eq!(grade(dir.path(), "inorder", "preorder")["grade"], 0);
    // The question's own terms in other words are no answer: "pass by value" is "passes a copy",
    // but naming the term asked about does not say the reference's definition of it.
    assert!(grade(dir.path(), "pass", "pass by value is for ints and pass by reference is for objects")["grade"].as_u64().unwrap() <= 1);
}

#[test]
fn offering_every_value_is_a_hedge_and_values_for_different_cases_are_not() {
    let dir = tempfile::tempdir().unwrap();
    course_bank(dir.path(), &[]);
    // Listed as alternatives, every value holds the right one: half marks at most, and why.
    for (id, answer, said) in [
        ("binary-search-cost", "O(1), O(log n), O(n) or O(n^2)", "O(1), O(n), O(n^2)"),
        ("binary-search-cost", "I think O(log n) but maybe O(n)", "O(n)"),
        ("hosts", "254 or 256", "256"),
    ] {
        let g = grade(dir.path(), id, answer);
        assert_eq!(gates(&g), ["hedged-value"], "{answer}: {g}");
        assert!(g["grade"].as_u64().unwrap() <= 2, "{answer}: {g}");
        assert!(g["gates"][0]["reason"].as_str().unwrap().contains(said), "{answer}: {g}");
    }
    // The right value alone, or with others for the cases they are for, is the answer.
    for answer in ["O(log n)", "O(log n) in the worst case, O(1) at best", "O(log n), or O(1) if the key is in the middle"] {
        let g = grade(dir.path(), "binary-search-cost", answer);
        assert!(gates(&g).is_empty() && g["grade"].as_u64().unwrap() >= 4, "{answer}: {g}");
    }
}

#[test]
fn a_count_in_another_unit_of_the_same_quantity_is_a_wrong_value() {
    let question = gograde::ReferenceQuestion {
        id: "address-bits".into(),
        question: "How many address bits are needed to address 4 GB of byte-addressable memory?".into(),
        reference: "32 bits (2^32 bytes = 4 GB).".into(),
        examples: Vec::new(),
    };
    let bank = gograde::Bank::from_references(vec![question], gograde::Params::default()).unwrap();
    let grader = gograde::Grader::new(&bank);
    let gates = |answer: &str| -> Vec<&'static str> {
        grader.grade_id("address-bits", answer).unwrap().gates.iter().map(|g| g.gate.name()).collect()
    };
    assert_eq!(gates("32 bytes"), ["wrong-value"]);
    assert_eq!(gates("you need 32 Bytes of address"), ["wrong-value"]);
    // The reference's unit, a thing that is no unit, or the unit said as well: no wrong value.
    for answer in ["32 bits", "You need 32 address lines.", "2^32", "32 bits, i.e. 4 bytes of address"] {
        assert!(gates(answer).is_empty(), "{answer}: {:?}", gates(answer));
    }
}

/// A reference of one or two claims said back with its claim negated contradicts it, however few
/// its sentences: "A queue is not a first-in first-out structure …" graded 5 on every course bank.
/// A right answer is not read as one: where the reference's own negator reaches further than its
/// writer meant ("no return type that is called automatically"), stands in an aside ("if nothing
/// else matches") or comes later in the sentence ("are not connected"), an answer that says the
/// same contradicts nothing. Nor does its words shuffled make an answer.
#[test]
fn a_short_reference_said_back_negated_or_shuffled_is_capped_and_right_answers_are_not() {
    let question = |id: &str, question: &str, reference: &str| gograde::ReferenceQuestion {
        id: id.into(),
        question: question.into(),
        reference: reference.into(),
        examples: Vec::new(),
    };
    let questions = vec![
        question(
            "queue",
            "What is a queue?",
            "A queue is a first-in first-out structure: enqueue adds an element at the back and dequeue removes the element at the front.",
        ),
        question(
            "constructor",
            "What is a constructor?",
            "A constructor is a special member function with the same name as the class and no return type that is called automatically when an object is created.",
        ),
        question(
            "router",
            "How does a router decide where to forward an incoming packet?",
            "It looks up the packet's destination IP address in its forwarding table, using the longest matching prefix, and sends the packet to the next hop given by that entry (or the default route if nothing else matches).",
        ),
        question("terminals", "Why is terminal 1 in a different electrical state?", "Terminal 1 and the positive terminal are not connected."),
        question("pointer", "What is a pointer?", "A pointer is a variable that stores the memory address of another variable or object."),
    ];
    let bank = gograde::Bank::from_references(questions, gograde::Params::default()).unwrap();
    let grader = gograde::Grader::new(&bank);
    let graded = |id: &str, answer: &str| {
        let g = grader.grade_id(id, answer).unwrap();
        (g.grade, g.gates.iter().map(|g| g.gate.name()).collect::<Vec<_>>())
    };
    for (id, answer, gate) in [
        ("queue", "A queue is not a first-in first-out structure: enqueue adds an element at the back and dequeue removes the element at the front.", "denied"),
        ("constructor", "A constructor is not a special member function with the same name as the class and no return type that is called automatically when an object is created.", "denied"),
        ("router", "It does not look up the packet's destination IP address in its forwarding table, using the longest matching prefix, and sends the packet to the next hop given by that entry (or the default route if nothing else matches).", "denied"),
        ("pointer", "A pointer is not a variable that stores the memory address of another variable or object.", "denied"),
        ("pointer", "variable memory of pointer stores a another object address is that variable or A", "term-dump"),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(grade <= 1 && gates.contains(&gate), "{id}: {answer} graded {grade} {gates:?}");
    }
    for (id, answer) in [
        ("queue", "A queue is first-in first-out: you enqueue at the back and dequeue from the front."),
        ("constructor", "A special member function with the class's name, called automatically when an object is created; it has no return type."),
        ("constructor", "It is a member function named like the class that is called automatically whenever an object is created."),
        ("router", "It checks the destination IP address in its routing table and sends the packet to the next hop of the longest matching prefix."),
        ("terminals", "terminal 1 is not connected to the positive terminal"),
        ("pointer", "A variable that holds the memory address of another variable."),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(grade >= 4 && gates.is_empty(), "{id}: {answer} graded {grade} {gates:?}");
    }
}

/// A bank of minimal rubrics from (id, question, reference) triples.
fn references_bank(questions: &[(&str, &str, &str)]) -> gograde::Bank {
    let questions = questions
        .iter()
        .map(|&(id, question, reference)| gograde::ReferenceQuestion {
            id: id.into(),
            question: question.into(),
            reference: reference.into(),
            examples: Vec::new(),
        })
        .collect();
    gograde::Bank::from_references(questions, gograde::Params::default()).unwrap()
}

/// An answer's grade and the names of the gates that capped it.
fn grade_and_gates(grader: &gograde::Grader, id: &str, answer: &str) -> (u8, Vec<&'static str>) {
    let g = grader.grade_id(id, answer).unwrap();
    (g.grade, g.gates.iter().map(|g| g.gate.name()).collect())
}

/// A student's terse notes are an answer: the order model of word classes, trained on prose,
/// read "RISC: few simple instructions, all the same length, load-store architecture, lots of
/// registers. CISC: …" as shuffled words (−0.5 and below) and capped three right answers of a
/// blind course bank's dev half at 0. Under 60 words the order model decides only with the
/// reference's word pairs, and the reference's words shuffled, with or without their
/// punctuation, are still capped.
#[test]
fn terse_notes_are_answers_and_the_reference_shuffled_is_not() {
    let bank = references_bank(&[
        ("risc-cisc", "How do RISC and CISC instruction sets differ?", "RISC has a small set of simple, fixed-length instructions, mostly one cycle each, with memory accessed only by load/store; CISC has a large set of complex, variable-length instructions that can access memory directly and take several cycles."),
        ("pipelining", "What is pipelining in a processor?", "Pipelining overlaps the execution of instructions by splitting each into stages, so different instructions are in different stages at the same time. This increases throughput, not the latency of a single instruction."),
        ("encapsulation", "What is encapsulation?", "Encapsulation is bundling data and the functions that operate on it into one unit (a class) and hiding the internal data, usually by making it private and giving access only through public member functions."),
    ]);
    let grader = gograde::Grader::new(&bank);
    let graded = |id: &str, answer: &str| grade_and_gates(&grader, id, answer);
    for (id, answer) in [
        ("risc-cisc", "RISC: few simple instructions, all the same length, load-store architecture, lots of registers. CISC: lots of instructions incl. complicated ones, variable length, can do memory operations inside arithmetic instructions (x86)."),
        ("pipelining", "Splitting instruction execution into stages (like IF, ID, EX, MEM, WB) so that while one instruction is executing the next is being decoded and the one after is being fetched. More instructions finish per unit time."),
        // Eight of the reference's words in the student's own order keep none of its word pairs.
        ("encapsulation", "data hiding + bundling. Members private, access via public functions only"),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(!gates.contains(&"term-dump"), "{id}: {answer} graded {grade} {gates:?}");
    }
    for (id, answer) in [
        ("risc-cisc", "cycles. can RISC instructions, of set has simple, one a mostly fixed-length each, small by with load/store; CISC memory accessed only has a set large complex, of take variable-length several directly that instructions memory access and"),
        ("pipelining", "stages, so by splitting the overlaps Pipelining instructions of execution into each same instructions different the are at in time. different stages This throughput, latency increases the of instruction. not single a"),
        ("encapsulation", "into bundling the it data and (a class) Encapsulation unit is operate functions on that one hiding internal by the data, usually private making it giving and public through member access only functions."),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(grade <= 1 && gates.contains(&"term-dump"), "{id}: {answer} graded {grade} {gates:?}");
    }
}

/// Notes that gloss each term are an answer: "address bus - which memory location, data bus - the
/// actual data, …" (marked 5 on a blind course bank's dev half) was capped as a keyword list at 1,
/// and "client asks to connect (SYN), server agrees …" (marked 5) as a term dump at 0. Each item
/// pairs a term with what it is or does, which a list of terms never does; the same words without
/// the glosses are still a list, and the notes' words shuffled are still capped.
#[test]
fn notes_that_gloss_their_terms_are_answers_and_bare_lists_are_not() {
    let bank = references_bank(&[
        ("system-bus", "What are the three buses that make up a system bus, and what does each carry?", "The address bus carries memory/I-O addresses, the data bus carries the data being transferred, and the control bus carries control and timing signals such as read/write and clock."),
        ("handshake", "Explain the steps TCP uses to establish a connection.", "TCP uses a three-way handshake: the client sends SYN, the server replies with SYN-ACK, and the client sends ACK, after which both sides know each other's initial sequence numbers and the connection is open."),
    ]);
    let grader = gograde::Grader::new(&bank);
    let graded = |id: &str, answer: &str| grade_and_gates(&grader, id, answer);
    for (id, answer) in [
        ("system-bus", "address bus - which memory location, data bus - the actual data, control bus - signals like read, write, clock"),
        ("system-bus", "address bus = where in memory, data bus = the values moved, control bus = read/write and clock signals"),
        ("handshake", "client asks to connect (SYN), server agrees and asks back (SYN+ACK), client confirms (ACK)"),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(grade >= 4 && gates.is_empty(), "{id}: {answer} graded {grade} {gates:?}");
    }
    for (id, answer) in [
        ("system-bus", "address bus, memory location, data bus, actual data, control bus, signals, read, write, clock"),
        ("handshake", "client, connect, SYN, server, agrees, SYN+ACK, client, confirms, ACK, sequence, numbers, open"),
        ("system-bus", "address bus - data bus, control - clock signals, read bus - write memory, data - location, the actual - which"),
    ] {
        let (grade, gates) = graded(id, answer);
        assert!(grade <= 1 && !gates.is_empty(), "{id}: {answer} graded {grade} {gates:?}");
    }
}
