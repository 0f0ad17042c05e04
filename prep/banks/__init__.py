"""The question-bank format: pydantic models, the YAML loader and its PATH:LINE:COL problems."""
