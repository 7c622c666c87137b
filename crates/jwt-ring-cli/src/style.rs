//! Colour on a terminal, plain text everywhere else.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

/// When to colour standard output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Only when standard output is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Paints text, or leaves it plain.
#[derive(Clone, Copy, Debug)]
pub struct Painter {
    color: bool,
}

/// A heading.
pub const HEADING: Style = Style::new().bold();
/// A warning label: the output cannot be trusted.
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// A success label.
pub const GOOD: Style = AnsiColor::Green.on_default().bold();

impl Painter {
    /// A painter for `choice`, asking the terminal when it is `auto`.
    pub fn new(choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
            }
        };
        Self { color }
    }

    /// `text` in `style`, when colouring.
    pub fn paint(self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }
}
