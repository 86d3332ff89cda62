"""Stages 1-2, the plan file: loading it with positions (load/), validating it (validate/).

Beside them, what every later stage reads: the typed model and its walk (model, fields),
the status rules (status), their words (labels), dates, and a new year from the last.
"""
