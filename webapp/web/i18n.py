"""Interface strings are marked with _() so a translation catalogue can be added later."""


def _(text: str) -> str:
    """Mark a string for translation; identity until a catalogue is added."""
    return text


def init_app(app) -> None:
    """Let templates mark strings with _() too (jinja2.ext.i18n, no catalogue yet)."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_null_translations(newstyle=True)
