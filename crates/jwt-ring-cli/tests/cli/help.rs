//! What `--help` says: headings, flag descriptions, listed values and examples.

use crate::{jwt, one_line_error};

/// `jwt ARGS --help`'s standard output.
fn help(args: &[&str]) -> String {
    let output = jwt().args(args).arg("--help").output().unwrap();
    assert!(output.status.success(), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The lines of `help` under `heading`, up to the next heading (a line not starting with a
/// space).
fn section<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|line| *line != heading)
        .skip(1)
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        .collect()
}

#[test]
fn global_options_have_their_own_heading() {
    for subcommand in [
        "inspect",
        "verify",
        "mint",
        "encrypt",
        "decrypt",
        "keygen",
        "jwks",
        "thumbprint",
    ] {
        let text = help(&[subcommand]);
        let global = section(&text, "Global options:");
        let own = section(&text, "Options:");
        assert!(!own.is_empty(), "{subcommand}: {text}");
        for flag in [
            "--color <COLOR>",
            "--backend <BACKEND>",
            "--now <UNIX_SECONDS>",
        ] {
            assert!(
                global.iter().any(|line| line.contains(flag)),
                "{subcommand}: {flag} not under Global options: {text}"
            );
            assert!(
                !own.iter().any(|line| line.contains(flag)),
                "{subcommand}: {flag} among the subcommand's options: {text}"
            );
        }
        // The subcommand's own options come first.
        let options_at = text.find("Options:").unwrap();
        assert!(options_at < text.find("Global options:").unwrap(), "{text}");
    }
}

#[test]
fn quiet_help_says_failures_still_print_one_line() {
    let text = help(&["verify"]);
    let quiet = text
        .lines()
        .skip_while(|line| !line.contains("--quiet"))
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        quiet.contains("Print nothing when the token is valid"),
        "{text}"
    );
    assert!(
        quiet.contains("a failure still prints its one `jwt:` line"),
        "{text}"
    );
    assert!(!text.contains("Print nothing;"), "{text}");
    // And it does: a valid token prints nothing, an invalid one its line.
    let output = jwt()
        .args(["verify", "x.y.z", "--quiet", "--key"])
        .arg(crate::fixture("p256-spki.pem"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    one_line_error(&output.stderr, "jwt: invalid token: malformed token");
}

/// The arguments of each `jwt ...` example line in `help`'s Examples section, up to a shell
/// operator, without the shell's quotes.
fn examples(help: &str) -> Vec<Vec<String>> {
    section(help, "Examples:")
        .iter()
        .filter_map(|line| line.split_once("jwt ").map(|(_, rest)| rest))
        .map(|rest| {
            rest.split_whitespace()
                .take_while(|word| !["<", "|", "&&", ">"].contains(word))
                .map(|word| word.replace('\'', ""))
                .collect()
        })
        .collect()
}

#[test]
fn mint_and_verify_help_end_with_examples() {
    for subcommand in ["mint", "verify"] {
        let text = help(&[subcommand]);
        let examples = examples(&text);
        assert!(examples.len() >= 3, "{subcommand}: {text}");
        // The section comes last, after the options.
        assert!(
            text.find("Examples:") > text.find("Global options:"),
            "{text}"
        );
        for example in examples {
            assert_eq!(example.first().map(String::as_str), Some(subcommand));
            // Every flag of the example exists: with `--help` appended, clap would refuse an
            // unknown one before printing help.
            let output = jwt().args(&example).arg("--help").output().unwrap();
            assert!(
                output.status.success(),
                "{example:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    // `-h` keeps them too.
    let output = jwt().args(["mint", "-h"]).output().unwrap();
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("Examples:")
    );
}
