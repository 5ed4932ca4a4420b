"""The website: the MkDocs plugin (`plugin.py`, the entry point `plugins: [search, panelpress]`),
the pages it generates (`pages.py`), their navigation (`nav.py`), the theme's language
(`theme_language.py`) and MkDocs' log as our diagnostics (`mkdocs_log.py`). Templates: `templates/site/`."""
