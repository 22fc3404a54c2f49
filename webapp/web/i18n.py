"""Interface strings are marked with _() so a translation catalogue can be added later."""

from markupsafe import Markup


def _(text: str) -> str:
    """Mark a string for translation; identity until a catalogue is added."""
    return text


def init_app(app) -> None:
    """Let templates mark strings with _() too (jinja2.ext.i18n, no catalogue yet)."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_null_translations(newstyle=True)
    app.jinja_env.globals["_"] = template_gettext


def template_gettext(text: str, **values: object) -> Markup:
    """`_()` in templates: what jinja2's newstyle gettext does under autoescape (every template
    here is HTML) — the translated text as a format string, its values escaped — without
    looking the function up in the template's context on each of a page's ~25 calls."""
    return Markup(_(text)) % values
