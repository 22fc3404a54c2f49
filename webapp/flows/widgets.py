"""Step fields rendered to the same HTML as WTForms' widgets, with less work per attribute.

WTForms 3 builds each attribute through `Markup.format` (a `string.Formatter` pass per
attribute), which was most of a step page's rendering; here each attribute is one f-string and
one `escape`. The output is byte-for-byte what WTForms writes (same order, same escaping).
"""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key


def html_params(**kwargs) -> str:
    """The attributes as WTForms' html_params writes them: sorted, True bare, False left out."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            params.append(clean_key(key))
        elif value is not False:
            params.append(f'{escape(clean_key(key))}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return " ".join(params)


def _flagged(widget, field, kwargs: dict) -> None:
    """Add the field's validation flags the widget writes as attributes (required, ...)."""
    flags = getattr(field, "flags", {})
    for name in dir(flags):
        if name in widget.validation_attrs and name not in kwargs:
            kwargs[name] = getattr(flags, name)


class FastSelect(widgets.Select):
    """WTForms' Select with the cheaper attributes."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        _flagged(self, field, kwargs)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        if field.has_groups():
            for group, choices in field._iter_groups_normalized():
                if group is not None:
                    html.append(f"<optgroup {html_params(label=group)}>")
                html.extend(self.option_html(choice) for choice in choices)
                if group is not None:
                    html.append("</optgroup>")
        else:
            html.extend(self.option_html(choice) for choice in field._iter_choices_normalized())
        html.append("</select>")
        return Markup("".join(html))

    @staticmethod
    def option_html(choice) -> str:
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        options = {"value": value, **(choice.render_kw or {})}
        if choice.selected:
            options["selected"] = True
        return f"<option {html_params(**options)}>{escape(choice.label or choice.value)}</option>"


class FastTextArea(widgets.TextArea):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        _flagged(self, field, kwargs)
        return Markup(f"<textarea {html_params(name=field.name, **kwargs)}>\r\n"
                      f"{escape(field._value())}</textarea>")


class FastList(widgets.ListWidget):
    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        html = [f"<{self.html_tag} {html_params(**kwargs)}>"]
        for sub in field:
            html.append(f"<li>{sub.label} {sub()}</li>" if self.prefix_label
                        else f"<li>{sub()} {sub.label}</li>")
        html.append(f"</{self.html_tag}>")
        return Markup("".join(html))


def _fast_input(kind: type) -> type:
    """The input widget class with the cheaper attributes."""
    return type(f"Fast{kind.__name__}", (kind,), {"html_params": staticmethod(html_params)})


INPUTS = (widgets.TextInput, widgets.PasswordInput, widgets.HiddenInput, widgets.CheckboxInput,
          widgets.RadioInput, widgets.NumberInput, widgets.TelInput, widgets.EmailInput,
          widgets.DateInput, widgets.SearchInput, widgets.URLInput)
FAST_CLASSES: dict[type, type] = {kind: _fast_input(kind) for kind in INPUTS}
FAST_CLASSES.update({widgets.Select: FastSelect, widgets.TextArea: FastTextArea,
                     widgets.ListWidget: FastList})
_fast: dict[int, tuple[object, object]] = {}


def fast(widget):
    """The faster twin of a WTForms widget (same settings), made once per widget; a widget of
    any other class is used as it is."""
    known = _fast.get(id(widget))
    if known is not None and known[0] is widget:
        return known[1]
    kind = FAST_CLASSES.get(type(widget))
    if kind is None:
        return widget
    twin = object.__new__(kind)
    twin.__dict__.update(widget.__dict__)
    _fast[id(widget)] = (widget, twin)
    return twin
