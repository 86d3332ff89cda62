"""Stage 5: the pipeline that runs the stages, the build fingerprint, writing docs/ whole, watching."""
