//! What the registry generates from the one list of terms
//! ([`crate::cost_terms`]'s `with_cost_terms!`): the term modules and the
//! functions going through every term in the format's order.

//!
//! Invoked once, in `terms/mod.rs`, whose names (`Term`, `Change`, ...)
//! the generated code uses.

macro_rules! terms {
    ($($term:ident : $unit:literal $([$flag:ident])?),+ $(,)?) => {
        /// The term modules, one per term of the list.
        pub(crate) mod each {
            $(pub(crate) use super::$term;)+
        }
        $(pub(crate) mod $term;)+

        /// Every term's own state in the solver.
        #[derive(Debug, Clone, Default)]
        pub(crate) struct TermStates {
            $(pub(crate) $term: <each::$term::Def as Term>::State,)+
        }

        impl TermStates {
            /// The states of the solver's empty plan.
            pub(crate) fn new<V: CostView>(view: &V) -> TermStates {
                TermStates { $($term: <each::$term::Def as Term>::new_state(view),)+ }
            }
        }

        /// The cost of a whole plan, term by term, with the total.
        pub fn plan_terms(plan: &Plan<'_>, out: &mut Findings) -> CostDoc {
            let p = plan.problem();
            CostDoc {
                $($term: CostSlot::of(<each::$term::Def as Term>::of_plan(plan, out), <each::$term::Def as Term>::shown(p)),)+
                ..CostDoc::default()
            }
            .with_total()
        }

        /// One request's share of each term (served or not), with the total.
        pub fn request_terms(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> CostDoc {
            CostDoc {
                $($term: CostSlot::of(
                    <each::$term::Def as Term>::of_request(p, request, served),
                    <each::$term::Def as Term>::shown(p),
                ),)+
                ..CostDoc::default()
            }
            .with_total()
        }

        /// The terms of the solver's plan, with the total.
        pub(crate) fn state_terms<V: CostView>(states: &TermStates, view: &V) -> CostDoc {
            let p = view.problem();
            CostDoc {
                $($term: CostSlot::of(
                    <each::$term::Def as Term>::of_state(&states.$term, view),
                    <each::$term::Def as Term>::shown(p),
                ),)+
                ..CostDoc::default()
            }
            .with_total()
        }

        /// What `change` would add to the cost, before it is made.
        #[inline(always)]
        pub(crate) fn delta<V: CostView>(states: &TermStates, view: &V, change: &Change<'_>) -> i64 {
            0 $(+ <each::$term::Def as Term>::delta(&states.$term, view, change))+
        }

        /// Makes `change` in every term's state; returns what it added to the cost.
        #[inline(always)]
        pub(crate) fn apply<V: CostView>(states: &mut TermStates, view: &V, change: &Change<'_>) -> i64 {
            0 $(+ <each::$term::Def as Term>::apply(&mut states.$term, view, change))+
        }

        /// Every term's preferred clock times for request `r` (see
        /// `Term::preferred_clocks`), sorted, without repeats.
        pub(crate) fn preferred_clocks(states: &TermStates, r: usize) -> Vec<i64> {
            let mut out = Vec::new();
            $(<each::$term::Def as Term>::preferred_clocks(&states.$term, r, &mut out);)+
            if out.len() > 1 {
                out.sort_unstable();
                out.dedup();
            }
            out
        }

        /// What a request with roles adds to the request-local terms,
        /// served by one entry per role (`Some`) or not, summed
        /// ([`Term::of_roles`]).
        pub(crate) fn roles_total(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
            0 $(+ <each::$term::Def as Term>::of_roles(p, request, served))+
        }

        /// The terms counted per assigned request from its placement alone, summed.
        #[inline(always)]
        pub(crate) fn assignment_cost(p: &Problem, request: &Request, served: &Served<'_>) -> i64 {
            0 $(+ if <each::$term::Def as Term>::PER_ASSIGNMENT {
                <each::$term::Def as Term>::of_request(p, request, Some(served))
            } else {
                0
            })+
        }

        /// The report's label of a term (`None` for an unknown key).
        pub fn label(key: &str, italian: bool) -> Option<&'static str> {
            $(if key == <each::$term::Def as Term>::KEY {
                return Some(if italian {
                    <each::$term::Def as Term>::LABEL_IT
                } else {
                    <each::$term::Def as Term>::LABEL_EN
                });
            })+
            None
        }

        #[cfg(test)]
        mod keys {
            use super::*;

            #[test]
            fn each_term_file_has_its_key() {
                $(assert_eq!(<each::$term::Def as Term>::KEY, stringify!($term));)+
            }
        }
    };
}
