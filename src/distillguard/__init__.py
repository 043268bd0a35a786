"""distillguard: find distillation operations in LLM API logs, with evidence.

The package follows the pipeline: io → features → linkage → scoring → campaigns → online."""

__version__ = "0.1.0"
CONTRACT_VERSION = 1

__all__ = ["CONTRACT_VERSION", "__version__"]
