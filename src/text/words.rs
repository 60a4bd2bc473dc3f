//! The analyzer's word lists: stop words, negators and the cue words of negation scoping.
//! Packed several to a line (`#[rustfmt::skip]` on the module keeps them so); order does not
//! matter to any lookup.

/// English function words. Negators are deliberately absent: they carry meaning here.
pub(super) const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either",
    "etc", "even", "every", "few", "for", "from", "further", "get", "gets", "got", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "it's", "just", "let", "lets", "let's", "like",
    "may", "me", "might", "more", "most", "much", "must", "my", "myself", "of", "off", "often",
    "on", "once", "one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "per", "quite", "rather", "really", "same", "she", "should", "so", "some", "such", "than",
    "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's",
    "these", "they", "this", "those", "through", "to", "too", "under", "up", "us", "use", "used",
    "uses", "using", "very", "via", "was", "way", "we", "well", "were", "what", "what's", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    "yours", "yourself", "yourselves", "basically", "actually", "simply", "just", "thing", "things",
    "something", "e.g", "i.e", "eg", "ie", "kind", "sort", "lot", "lots", "i'm", "i'd", "i've",
    "you're", "we're", "they're", "it'll", "you'll", "we'll", "they'll", "yes", "so", "anyway",
    "anyways", "pretty", "maybe", "say", "says", "said",
];

/// Negators that deny a verb, so the claim of their clause ("are not connected"); "no" and
/// "without" deny a noun. Any `n't` contraction is one too.
pub(super) const VERB_NEGATORS: &[&str] = &["not", "never", "cannot"];

/// Abbreviations whose full stop does not end a sentence ("Use a buffer, e.g. a bytes.Buffer,
/// …"); "etc." only before a lower-case word (see `scan::abbreviation_ends_nothing`).
pub(super) const ABBREVIATIONS: &[&str] = &[
    "i.e", "e.g", "vs", "cf", "approx", "fig", "incl", "esp", "resp", "viz",
];

/// Words that negate what follows them in their clause.
pub(super) const NEGATORS: &[&str] = &[
    "not", "no", "never", "cannot", "without", "none", "nothing", "neither", "nor", "nobody",
    "nowhere", "non", "nope",
];

/// Real English words one slip away from a negator or "instead" ("want" from "wan't", "noting"
/// from "nothing", "haven" from "havent"): never read as a misspelling of one.
pub(super) const NEAR_NEGATOR_WORDS: &[&str] = &["dint", "haven", "inst", "nether", "neve", "noting", "nro", "want"];

/// Other programming languages and platforms an answer may contrast Go with ("In Java, …").
pub(super) const OTHER_LANGUAGES: &[&str] = &[
    "java", "java's", "python", "python's", "c", "c++", "c#", "rust", "rust's", "javascript", "js", "typescript", "ruby",
    "kotlin", "scala", "erlang", "elixir", "haskell", "swift", "php", "perl", "node", "node.js", "spring", ".net", "dotnet",
    "gcc", "clang", "jvm", "cpython",
];

/// Languages whose name opening a clause makes the clause about them (not C or Node, which also
/// name Go variables).
pub(super) const SUBJECT_LANGUAGES: &[&str] = &[
    "java", "python", "javascript", "typescript", "ruby", "kotlin", "c++", "c#", "erlang", "elixir", "haskell", "php", "rust",
    "gcc", "clang", "jvm", "cpython",
];

/// Words that open a clause describing what came just before it ("Unlike Spring, where a
/// container injects beans, …"): the description belongs to the contrasted thing too.
pub(super) const DESCRIBING: &[&str] = &["where", "which", "that", "who", "whose", "when"];

/// Words that end a negator's scope (a new clause starts).
pub(super) const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "whereas", "although", "though", "while", "because", "unless", "until",
    "since", "instead", "yet", "otherwise", "except", "so", "then",
];

/// Cue words that deny a whole statement that follows ("a common mistake is to think …").
pub(super) const DENIAL_CUES: &[&str] = &[
    "myth", "misconception", "mistake", "wrong", "false", "incorrect", "untrue", "fallacy",
    "misbelief", "misunderstanding",
];

/// What must follow a denial cue within three words for it to count as one.
pub(super) const DENIAL_LINKS: &[&str] = &[
    "that", "to", "is", "are", "was", "think", "thinking", "believe", "believing", "assume",
    "assuming", "say", "saying", "claim", "claiming", "idea", "belief", "notion", ":",
];

/// Verbs that report someone else's belief ("people think …") when a reporter precedes them.
pub(super) const REPORT_VERBS: &[&str] = &[
    "say", "says", "think", "thinks", "believe", "believes", "claim", "claims", "assume", "assumes",
    "assumption", "belief", "thought", "believed", "claimed", "assumed", "figured",
];

pub(super) const REPORTERS: &[&str] = &[
    "people", "some", "many", "others", "beginners", "juniors", "newcomers", "folks", "someone",
    "somebody", "candidates", "devs", "developers", "often", "sometimes", "wrongly", "mistakenly",
    "common", "popular", "widespread", "used", "might", "teammate", "colleague", "coworker", "everyone",
];

/// Nouns that name a claim ("the idea that …"): when the sentence goes on to call the claim a
/// myth or false, the that-clause is denied.
pub(super) const CLAIM_NOUNS: &[&str] = &[
    "idea", "notion", "claim", "belief", "assumption", "view", "thought", "suggestion", "statement", "myth", "saying",
    "thinking", "believing", "assuming", "claiming",
];

/// What a claim is called when the sentence rejects it ("… is a myth", "… is simply false").
pub(super) const REJECTIONS: &[&str] = &[
    "myth", "misconception", "wrong", "false", "incorrect", "untrue", "fallacy", "mistaken", "nonsense",
    "outdated", "misleading", "bogus", "mistake",
];

/// What a claim is denied to be or do ("the belief that … doesn't hold up", "… isn't true").
pub(super) const HELD_TRUE: &[&str] = &["hold", "holds", "true", "correct", "right", "accurate", "stand", "survive"];

/// What a short closing clause calls the statement before it when it rejects it ("…, which is
/// not true", "… — that's a myth"). Not "mistake" or "error": "…, which is a common mistake"
/// and "…, which is an error" judge the action described, not the claim.
pub(super) const CLOSING_REJECTIONS: &[&str] =
    &["myth", "misconception", "wrong", "false", "incorrect", "untrue", "fallacy", "nonsense", "bogus"];

/// Labels that deny the rest of their sentence when it opens with them: "Myth: …", "False: …".
pub(super) const DENIAL_LABELS: &[&str] = &["myth", "false", "misconception", "wrong", "incorrect", "untrue", "mistake"];

/// Words that may come before a denial label at the opening of its sentence ("Another
/// misconception: …", "A common myth: …").
pub(super) const LABEL_LEADS: &[&str] = &[
    "another", "a", "one", "common", "classic", "popular", "frequent", "typical", "second", "third", "final", "last", "big",
    "other", "the", "old",
];

/// Verbs that reject the claim they introduce ("forget the idea that …").
pub(super) const REJECTING_VERBS: &[&str] = &["forget", "reject", "dismiss", "disregard"];

/// Words a sentence that only denies the previous one may consist of.
pub(super) const SHORT_DENIAL_WORDS: &[&str] = &[
    "true", "right", "correct", "accurate", "case", "wrong", "false", "incorrect", "untrue", "myth",
    "misconception", "actually", "common", "happens",
];

/// Contractions written without the apostrophe.
pub(super) const CONTRACTED_NT: &[&str] = &[
    "dont", "doesnt", "isnt", "arent", "cant", "wont", "shouldnt", "wouldnt", "couldnt", "didnt",
    "hasnt", "havent", "wasnt", "werent", "mustnt", "neednt",
];

/// Go's keywords: in a line of code they relate the names around them, as function words do in
/// prose.
pub(super) const GO_KEYWORDS: &[&str] = &[
    "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for",
    "func", "go", "goto", "if", "import", "interface", "map", "package", "range", "return",
    "select", "struct", "switch", "type", "var",
];

/// Words that ask for an answer rather than name what it is about ("explain", "walk me
/// through"): question lookup ignores them, so that "Channel internals: explain." is matched on
/// its topic, not on a question that happens to say "explain". Stems, as the analyzer gives them.
pub(super) const PROMPT_STEMS: &[&str] = &[
    "explain", "describ", "tell", "talk", "discuss", "elabor", "walk", "overview", "briefli",
    "pleas", "detail", "thought", "cover", "outlin", "summar", "summaris",
];

/// Phrases of a question that ask for a short answer ("in one line", "quickly"): the core of the
/// question is then the whole of it, and depth is not missed. Lower case, matched on word
/// boundaries.
pub(super) const BRIEF_CUES: &[&str] = &[
    "one line", "one-line", "one liner", "one-liner", "one sentence", "a sentence", "in a word",
    "short answer", "short version", "quick", "quickly", "briefly", "in brief", "in short",
    "tl;dr", "tldr", "in a nutshell", "one thing", "single most", "the gist", "main rule",
    "main thing", "key point", "one-word", "one word",
];
