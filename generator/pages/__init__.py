"""Stage 4: Markdown pages from the derived plan, with Jinja templates; MkDocs extension and checks."""
