//! The counts the README states, checked against the code they count, so that the README
//! cannot drift (it once said "eight cargo-fuzz targets" when there were eleven), and every
//! fuzz target is one CI runs.

const README: &str = include_str!("../README.md");
const ATTACKS: &str = include_str!("attacks.rs");
const NO_PANICS: &str = include_str!("no_panics.rs");
const FUZZ_MANIFEST: &str = include_str!("../fuzz/Cargo.toml");
const CI: &str = include_str!("../.ci/run");

/// The number the README writes right before `phrase`.
fn stated(phrase: &str) -> usize {
    let at = README
        .find(phrase)
        .unwrap_or_else(|| panic!("the README no longer says {phrase:?}"));
    let before = README[..at].trim_end();
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number before {phrase:?}"))
}

fn fuzz_targets() -> Vec<&'static str> {
    FUZZ_MANIFEST
        .split("[[bin]]")
        .skip(1)
        .filter_map(|bin| {
            let name = bin.lines().find(|line| line.starts_with("name = "))?;
            Some(name.trim_start_matches("name = ").trim_matches('"'))
        })
        .collect()
}

#[test]
fn the_attack_catalogue_has_as_many_tests_as_the_readme_says() {
    assert_eq!(
        stated("tests, one per attack class"),
        ATTACKS.matches("#[test]").count()
    );
}

#[test]
fn the_no_panics_suite_has_as_many_properties_as_the_readme_says() {
    let properties = NO_PANICS
        .split_once("proptest! {")
        .map_or(0, |(_, after)| after.matches("#[test]").count());
    assert_eq!(stated("proptest properties"), properties);
}

#[test]
fn every_fuzz_target_is_counted_and_fuzzed_in_ci() {
    let targets = fuzz_targets();
    assert_eq!(stated("cargo-fuzz targets"), targets.len());
    let ci_list = CI
        .lines()
        .find(|line| line.starts_with("fuzz_targets=("))
        .expect("the CI fuzz list");
    for target in targets {
        assert!(
            ci_list.split([' ', '(', ')']).any(|name| name == target),
            "{target} is not fuzzed in CI"
        );
    }
}
