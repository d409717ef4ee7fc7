"""The form renderer of the portal: Django's own, except that a ``<select>`` and a group of radio
buttons or checkboxes are written in Python.

Django renders these through template includes per option (three per radio button). The filter
forms of the advisor's pages have a select with every municipality of an edition (up to 342
options), which made rendering that one field a third of the page's time; the answer and vote
buttons of a participant's page and the status checkboxes of the dashboard cost the same per
option. :class:`PortaalRenderer` writes exactly the markup of Django's ``select.html`` /
``select_option.html``, ``multiple_input.html`` / ``input_option.html`` / ``input.html`` and
``attrs.html`` templates (``tests/test_formrenderer.py`` compares the two), so nothing changes
on the page but the time.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTIE = "django/forms/widgets/select_option.html"
MEERKEUZE = {
    "django/forms/widgets/radio.html": "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_select.html": "django/forms/widgets/checkbox_option.html",
}


def _attrs(attrs: dict) -> str:
    delen = []
    for naam, waarde in attrs.items():
        if waarde is False:
            continue
        if waarde is True:
            delen.append(f" {naam}")
        else:
            delen.append(f' {naam}="{conditional_escape(str(waarde))}"')
    return "".join(delen)


def _optie(optie: dict) -> str:
    return (
        f'<option value="{conditional_escape(str(optie["value"]))}"{_attrs(optie["attrs"])}>'
        f"{conditional_escape(optie['label'])}</option>"
    )


def select_html(widget: dict) -> str:
    delen = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{conditional_escape(groep)}">')
        # Django's option template ends in a newline, hence the blank line after each option.
        delen.extend(f"\n  {_optie(optie)}\n" for optie in opties)
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return mark_safe("".join(delen))  # every value above is escaped


def _knop(optie: dict) -> str:
    """``input_option.html`` (with ``input.html`` and the newlines both files end in)."""
    waarde = optie["value"]
    waarde = "" if waarde is None else f' value="{conditional_escape(str(waarde))}"'
    invoer = (
        f'<input type="{conditional_escape(optie["type"])}" '
        f'name="{conditional_escape(optie["name"])}"{waarde}{_attrs(optie["attrs"])}>\n'
    )
    if not optie["wrap_label"]:
        return invoer + "\n"
    id_ = optie["attrs"].get("id")
    voor = f' for="{conditional_escape(id_)}"' if id_ else ""
    return f"<label{voor}>{invoer} {conditional_escape(optie['label'])}</label>\n\n"


def meerkeuze_html(widget: dict) -> str:
    """``multiple_input.html``: radio buttons or checkboxes, each in a div."""
    id_, klasse = widget["attrs"].get("id"), widget["attrs"].get("class")
    delen = ["<div"]
    if id_:
        delen.append(f' id="{conditional_escape(id_)}"')
    if klasse:
        delen.append(f' class="{conditional_escape(klasse)}"')
    delen.append(">")
    for groep, opties, _index in widget["optgroups"]:
        if groep:
            delen.append(f"\n  <div><label>{conditional_escape(groep)}</label>")
        delen.extend(f"<div>\n    {_knop(optie)}</div>" for optie in opties)
        if groep:
            delen.append("\n  </div>")
    delen.append("\n</div>")
    return mark_safe("".join(delen))  # every value above is escaped


def _alle_opties(widget: dict, sjabloon: str) -> bool:
    return all(
        optie.get("template_name") == sjabloon
        for _groep, opties, _index in widget["optgroups"]
        for optie in opties
    )


class PortaalRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT and _alle_opties(widget, OPTIE):
            return select_html(widget)
        if template_name in MEERKEUZE and _alle_opties(widget, MEERKEUZE[template_name]):
            return meerkeuze_html(widget)
        if template_name in MEERKEUZE.values():
            # One button on its own (``BoundWidget.tag``); Django strips the rendered template.
            return mark_safe(_knop(widget).strip())  # escaped in _knop
        return super().render(template_name, context, request)
