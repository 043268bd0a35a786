"""Error tree of distillguard; the CLI maps DistillguardError to exit code 2.

    DistillguardError
     ├── InputError    unreadable file, unknown format, missing required column
     ├── ConfigError   invalid or unknown configuration key / value
     └── StateError    online state backend unusable (later stages)

Bad *rows* are not exceptions: they are quarantined with a reason (see io.validate)."""


class DistillguardError(Exception):
    """Base of every error that is the user's input, not a bug."""


class InputError(DistillguardError):
    """An input file cannot be used at all (missing, unreadable, wrong format, missing column)."""


class ConfigError(DistillguardError):
    """A configuration file or value is invalid."""


class StateError(DistillguardError):
    """The online state backend cannot be used."""
