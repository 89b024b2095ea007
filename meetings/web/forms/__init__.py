"""The forms of the pages: what a browser posts, parsed, with translated errors."""
