"""Stage 5: the pipeline that runs the stages, the fingerprint and stamp that let a build with
nothing new stop, docs/ written whole in a folder the generator owns (write, folder, swap),
the live preview (serve)."""
