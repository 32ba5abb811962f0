//! Violations: what an evaluation finds wrong with a solution, with the
//! checker's codes, kinds and rule numbers.

use serde::Serialize;

/// What a violation is about (the checker's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ViolationKind {
    /// A malformed solution entry (it is left out of the plan).
    Format,
    /// A request or session missing, repeated, listed though ignored, or a wrong `uncovered` list.
    Completeness,
    /// A hard rule of section 3 is broken (`rule` says which).
    Hard,
    /// A reason code other than the one section 5 defines.
    Reason,
    /// A claimed cost term differs from the recomputed one.
    Cost,
}

impl ViolationKind {
    /// The kind's name in reports (`format`, `completeness`, `hard`, `reason`, `cost`).
    pub fn as_str(self) -> &'static str {
        match self {
            ViolationKind::Format => "format",
            ViolationKind::Completeness => "completeness",
            ViolationKind::Hard => "hard",
            ViolationKind::Reason => "reason",
            ViolationKind::Cost => "cost",
        }
    }
}

impl std::fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ids a violation names (each `None` when it does not apply).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Refs {
    /// Request id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// Mediator id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mediator: Option<String>,
    /// Workshop id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workshop: Option<String>,
    /// Session id (within its workshop).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Office id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

impl Refs {
    /// No reference.
    pub fn none() -> Refs {
        Refs::default()
    }
    /// A request.
    pub fn request(id: &str) -> Refs {
        Refs { request: Some(id.to_string()), ..Refs::default() }
    }
    /// A mediator.
    pub fn mediator(id: &str) -> Refs {
        Refs { mediator: Some(id.to_string()), ..Refs::default() }
    }
    /// A request and its mediator.
    pub fn assignment(request: &str, mediator: &str) -> Refs {
        Refs { request: Some(request.to_string()), mediator: Some(mediator.to_string()), ..Refs::default() }
    }
    /// A workshop session.
    pub fn session(workshop: &str, session: &str) -> Refs {
        Refs { workshop: Some(workshop.to_string()), session: Some(session.to_string()), ..Refs::default() }
    }
    /// An office.
    pub fn office(id: &str) -> Refs {
        Refs { office: Some(id.to_string()), ..Refs::default() }
    }
    /// Adds a mediator.
    pub fn with_mediator(mut self, id: &str) -> Refs {
        self.mediator = Some(id.to_string());
        self
    }
}

/// One finding about a solution, as the checker reports it.
///
/// Serialized like the checker's JSON report: `code`, `kind`, `message`,
/// then `path` and `rule` when they apply, then the referenced ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Violation {
    /// Stable code, e.g. `OVERLAP`.
    pub code: &'static str,
    /// Kind.
    pub kind: ViolationKind,
    /// Human-readable message naming the request/mediator/session/office.
    pub message: String,
    /// JSON path in the solution, where it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Hard rule number (1-9) for `hard` violations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<u8>,
    /// Referenced ids.
    #[serde(flatten)]
    pub refs: Refs,
}

impl Violation {
    /// Whether this violation makes the plan infeasible (`hard` or `format`).
    pub fn breaks_feasibility(&self) -> bool {
        matches!(self.kind, ViolationKind::Hard | ViolationKind::Format)
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}] {}: {}", self.kind, self.code, self.message)?;
        if let Some(path) = &self.path {
            write!(f, " ({path})")?;
        }
        Ok(())
    }
}

/// Where the checks put their findings, in the order found.
#[derive(Debug, Default)]
pub struct Findings {
    items: Vec<Violation>,
}

impl Findings {
    /// An empty list.
    pub fn new() -> Findings {
        Findings::default()
    }

    /// Adds a violation.
    pub fn push(&mut self, violation: Violation) {
        self.items.push(violation);
    }

    /// Adds a hard-rule violation.
    pub fn hard(&mut self, code: &'static str, rule: u8, message: String, path: Option<&str>, refs: Refs) {
        self.items.push(Violation {
            code,
            kind: ViolationKind::Hard,
            message,
            path: path.map(str::to_string),
            rule: Some(rule),
            refs,
        });
    }

    /// Adds a violation of another kind (no rule number).
    pub fn add(&mut self, code: &'static str, kind: ViolationKind, message: String, path: Option<String>, refs: Refs) {
        self.items.push(Violation { code, kind, message, path, rule: None, refs });
    }

    /// The findings so far.
    pub fn as_slice(&self) -> &[Violation] {
        &self.items
    }

    /// Number of findings so far.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The findings.
    pub fn into_vec(self) -> Vec<Violation> {
        self.items
    }
}
