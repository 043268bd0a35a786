"""The analyst workspace: a server-rendered web UI under /ui of ``distillguard serve``.

Consumes a scan's outputs (read lazily from its files) and the online state; produces pages, verdicts,
an audit log, labels for ``distillguard train`` and enforcement of confirmed campaigns."""
