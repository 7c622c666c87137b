//! `jwt completions`: a script for each shell, naming every subcommand.

use crate::jwt;

const SUBCOMMANDS: [&str; 7] = [
    "inspect",
    "verify",
    "mint",
    "keygen",
    "jwks",
    "thumbprint",
    "completions",
];

#[test]
fn completions_for_bash_zsh_and_fish() {
    // Each shell's own syntax, so that one shell's script is not given for another.
    let markers = [
        ("bash", "complete -F _jwt"),
        ("zsh", "#compdef jwt"),
        ("fish", "complete -c jwt"),
    ];
    for (shell, marker) in markers {
        let output = jwt().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        assert!(output.stderr.is_empty(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(!script.trim().is_empty(), "{shell}");
        assert!(script.contains(marker), "{shell}: {marker}");
        for subcommand in SUBCOMMANDS {
            assert!(script.contains(subcommand), "{shell} lacks {subcommand}");
        }
        // Flags of the subcommands are completed too (fish writes them without dashes).
        for flag in ["secret-stdin", "allow-short-secret", "header"] {
            assert!(script.contains(flag), "{shell} lacks {flag}");
        }
    }
    let output = jwt().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("[possible values: bash, zsh, fish]"),
        "{stderr}"
    );
}
