"""Error tree of distillguard, and the one way messages quote user data; the CLI maps
DistillguardError to exit code 2.

    DistillguardError  message shown with control characters escaped (printable)
     ├── InputError    unreadable file, unknown format, missing required column
     ├── ConfigError   invalid or unknown configuration key / value
     └── StateError    online state backend unreachable or unusable

Bad *rows* are not exceptions: they are quarantined with a reason (see io.validate). A message, a
reason or a log line that quotes user data (a column name, a value, a path) goes through printable,
so no input can move a cursor, clear a screen or reorder text in a terminal."""

# C0 and C1 controls (ESC, BEL, CR, LF, DEL ...), line / paragraph separators and the bidirectional
# overrides and isolates ("Trojan Source"): shown as \xNN / \uNNNN instead of acting on a terminal
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
             *range(0x2066, 0x206A)]
CONTROL_ESCAPES: dict[str, str] = {
    chr(c): f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROLS} | {
    "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TABLE = str.maketrans(CONTROL_ESCAPES)


def printable(text: str) -> str:
    """``text`` with every control character escaped: safe to print on a terminal, one line.

    Examples
    --------
    >>> printable("ts\\x1b[2J\\nnext \\u202eevil")
    'ts\\\\x1b[2J\\\\nnext \\\\u202eevil'
    """
    return text.translate(_TABLE)


class DistillguardError(Exception):
    """Base of every error that is the user's input, not a bug; its message is always printable."""

    def __str__(self) -> str:
        return printable(super().__str__())


class InputError(DistillguardError):
    """An input file cannot be used at all (missing, unreadable, wrong format, missing column)."""


class ConfigError(DistillguardError):
    """A configuration file or value is invalid."""


class StateError(DistillguardError):
    """The online state backend cannot be reached or used."""
