"""Stages 1-2: the plan file: its typed model, loading with positions, validation, status rules and words."""
