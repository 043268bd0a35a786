"""cleanroom_e world generator internals."""
