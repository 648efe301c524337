"""Extraction stage: mentions and linking, references, relation rules, time and amounts."""
