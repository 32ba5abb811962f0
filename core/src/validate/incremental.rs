//! Requests read against a validated problem without reading it again:
//! the reader of a whole document, given the problem's ids and clock, reads
//! only the new requests (the same checks, codes, paths and messages).

use super::reader::List;
use super::Limits;
use crate::error::{InputError, PonteError};
use crate::format::RequestDoc;
use crate::json::path::index_path;
use crate::model::{Problem, Request};

impl Problem {
    /// Validates `requests` as if appended to this problem's document, in
    /// order; returns them as the model reads them, with the document
    /// entries as read. The errors (codes, paths, messages, order) are
    /// those [`Problem::from_doc`] gives for them on the grown document.
    ///
    /// Incremental: the new requests are read against the problem's ids and
    /// clock, without reading the rest of the document again. A locked
    /// request (whose rule-7 checks look at every other locked request), a
    /// request with roles (format 1.1) or a document that would
    /// pass [`Limits::max_requests`] is checked on the whole grown document.
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with every input error of the new requests.
    pub fn check_requests(&self, requests: &[RequestDoc]) -> Result<Vec<(Request, RequestDoc)>, PonteError> {
        let n = self.requests().len();
        let whole = requests.iter().any(|r| r.locked == Some(true) || r.roles.is_some())
            || n + requests.len() > Limits::default().max_requests;
        if whole {
            let mut doc = self.document().clone();
            doc.requests.extend(requests.iter().cloned());
            let grown = Problem::from_doc(&doc)?;
            return Ok(grown.requests()[n..]
                .iter()
                .cloned()
                .zip(grown.document().requests[n..].iter().cloned())
                .collect());
        }
        match crate::validate::read_requests(self, requests, n) {
            Ok(read) => Ok(read.into_iter().zip(requests.iter().cloned()).collect()),
            Err(errors) => Err(PonteError::InvalidProblem(errors)),
        }
    }

    /// Adds requests to the problem (see [`Problem::check_requests`] for
    /// the checks, which are incremental); returns the index of the first.
    /// The problem is unchanged on error.
    ///
    /// # Errors
    /// As [`Problem::check_requests`].
    pub fn push_requests(&mut self, requests: &[RequestDoc]) -> Result<usize, PonteError> {
        let checked = self.check_requests(requests)?;
        Ok(self.push_checked(checked))
    }
}

/// Rewrites an error's path from `requests[k]` of the probe to
/// `requests[first + k]` of the whole document.
fn shifted(mut error: InputError, first: usize) -> InputError {
    error.path = shift_path(&error.path, first);
    // A duplicate names the first place of its id.
    if let Some((head, at)) = error.message.split_once("(first at ") {
        error.message = format!("{head}(first at {}", shift_path(at, first));
    }
    error
}

fn shift_path(path: &str, first: usize) -> String {
    if let Some(rest) = path.strip_prefix("requests[") {
        if let Some((k, tail)) = rest.split_once(']') {
            if let Ok(k) = k.parse::<usize>() {
                return format!("{}{tail}", index_path("requests", first + k));
            }
        }
    }
    path.to_string()
}

/// Reads `requests` as entries `first..` of `problem`'s request list
/// (which must not hold locked requests: their checks look at the others).
/// Ids already in the problem are `DUPLICATE_ID`, as the whole document's
/// reader reports them.
pub(crate) fn read_requests(
    problem: &Problem,
    requests: &[RequestDoc],
    first: usize,
) -> Result<Vec<Request>, Vec<InputError>> {
    let document = problem.document();
    let probe = serde_json::json!({
        "format": document.format,
        "network": document.network,
        "horizon": document.horizon,
        "municipalities": [],
        "offices": [],
        "mediators": [],
        "requests": requests,
    });
    let text = probe.to_string();
    let value = crate::json::parse(&text).map_err(|e| vec![InputError::new("INVALID_JSON", "$", e.to_string())])?;
    let too_large = Limits::default().check(&value);
    if !too_large.is_empty() {
        return Err(too_large.into_iter().map(|e| shifted(e, first)).collect());
    }
    let mut errors = Vec::new();
    for (k, doc) in requests.iter().enumerate() {
        if let Some(at) = problem.request_index(&doc.id) {
            errors.push(InputError::new(
                "DUPLICATE_ID",
                format!("{}.id", index_path("requests", first + k)),
                format!("duplicate id '{}' (first at {})", doc.id, index_path("requests", at)),
            ));
        }
    }
    let mut reader = super::reader::read_header(&value);
    reader.clock = Some(problem.clock().clone());
    reader.collect_ids();
    reader.ids.insert(List::Offices, problem.office_ids().clone());
    reader.ids.insert(List::Mediators, problem.mediator_ids().clone());
    reader.list_ok.insert(List::Offices, true);
    reader.list_ok.insert(List::Mediators, true);
    let header_errors = std::mem::take(&mut reader.errors);
    reader.read_requests();
    errors.extend(header_errors.into_iter().chain(std::mem::take(&mut reader.errors)).map(|e| shifted(e, first)));
    // The whole document's reader reports every duplicate id before reading.
    errors.sort_by_key(|e| e.code != "DUPLICATE_ID");
    if !errors.is_empty() {
        return Err(errors);
    }
    let read: Option<Vec<Request>> = std::mem::take(&mut reader.requests).into_iter().collect();
    read.ok_or_else(|| vec![InputError::new("BAD_VALUE", "requests", "internal error: a request was not read")])
}
