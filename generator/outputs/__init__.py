"""Stage 4b: the other files of the site: feed, search index, open data."""
