//! Small closed vocabularies of the format: levels, modalities, priorities.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the format's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's text in the format.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the format's text.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A mediator's level in a language: `working` < `fluent` < `native`.
    Level { /** Can mediate ordinary conversations. */ Working => "working", /** Fluent. */ Fluent => "fluent", /** Native speaker. */ Native => "native" }
}

vocabulary! {
    /// How a mediator takes part.
    Modality { /** Present at the office. */ InPerson => "in_person", /** By phone. */ Phone => "phone", /** By video call. */ Video => "video" }
}

vocabulary! {
    /// How much serving a request (or covering a workshop language) matters.
    Priority { /** Urgent. */ Urgent => "urgent", /** High. */ High => "high", /** Normal (default). */ Normal => "normal", /** Low. */ Low => "low" }
}

vocabulary! {
    /// Why a request stays unassigned (format section 5); the first that applies.
    ReasonCode {
        /** No mediator serves any of its languages at `min_level`. */ NoLanguage => "NO_LANGUAGE",
        /** Some do, but none is suitable (skills, gender, modality). */ NoSkill => "NO_SKILL",
        /** No suitable mediator has a possible start. */ NoTime => "NO_TIME",
        /** At every possible start the office is full with fixed engagements. */ Capacity => "CAPACITY",
        /** It could be served alone; the rest of the plan left it out. */ Conflict => "CONFLICT",
    }
}
