//! Arbitrary bytes as a problem file: loading and validating never panic,
//! both entry points agree, and a loaded problem written back with
//! `to_json_string` loads again to an equal document (nothing lost).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ponte::Problem;

fuzz_target!(|data: &[u8]| {
    let loaded = Problem::from_json_bytes(data);
    if let Err(error) = &loaded {
        ponte_fuzz::assert_typed(error, "from_json_bytes");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let errors = ponte::validate::validate_str(text);
        assert_eq!(
            errors.is_empty(),
            loaded.is_ok(),
            "validate_str and from_json_bytes disagree: {errors:?} / {:?}",
            loaded.as_ref().err()
        );
        assert_eq!(Problem::from_json_str(text).is_ok(), loaded.is_ok(), "from_json_str and from_json_bytes disagree");
    }
    if let Ok(problem) = loaded {
        let written = problem.to_json_string();
        let again = match Problem::from_json_str(&written) {
            Ok(again) => again,
            Err(error) => panic!("a loaded problem written back does not load: {error:?}\n{written}"),
        };
        assert_eq!(problem.document(), again.document(), "the document changed on a round trip\n{written}");
        assert_eq!(written, again.to_json_string(), "writing is not stable");
    }
});
