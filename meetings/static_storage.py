"""The static files storage of production: whitenoise's, with the page script's imports hashed."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage that also rewrites the relative imports of the
    page script's ES modules (``import { x } from "./grid.js";`` in ``static/js/``) to the
    hashed file names, as it rewrites ``url()`` in CSS. A changed module then changes the name of
    every module importing it, so browsers, which keep hashed files for good, never run an old
    module with a new one.
    """

    support_js_module_import_aggregation = True
