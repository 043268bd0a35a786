"""Clean-room world generator for distillation-detection tests."""
