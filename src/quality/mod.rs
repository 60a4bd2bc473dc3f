//! Quality tooling beside the pipeline, for the people who write rubrics and tune the grader:
//! [`check`] validates a bank and runs every rubric's quality bars, [`eval`] measures agreement
//! with hand-marked answers, [`calibrate`] fits the score parameters to them, and [`draft`]
//! drafts a rubric from a question and its reference answer.

pub mod calibrate;
pub mod check;
pub mod draft;
pub mod eval;
