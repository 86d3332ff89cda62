"""Generator of the public progress site from the plan in `content/plan.yaml`.

The folders are the pipeline's stages, in order; each imports only the ones before it
(import-linter checks this in `make lint`):

    plan/     1-2  read the plan file with positions, validate it into the typed model
    derive/   3    the status of every task at the as-of date, the portal, page paths
    pages/    4    Markdown pages from the Jinja templates, with typed contexts
    outputs/  4b   the feed, the search index, the open data
    build/    5    the pipeline that runs them, writing docs/ and site/ whole
    office/        the staff's Excel workbook, Word report and GitHub issue form, from the same model

`cli.py` and `diff.py` are the commands, `prcomment.py` what the GitHub workflows post;
`errors.py` is the one error family, printed in one place; `atomic.py` writes a file whole
or not at all.
"""
