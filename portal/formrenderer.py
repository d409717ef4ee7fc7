"""The form renderer of the portal: Django's own, except that a ``<select>`` is written in Python.

Django renders a select through one template include per option. The filter forms of the
advisor's pages have a select with every municipality of an edition (up to 342 options), which
made rendering that one field a third of the page's time. :class:`PortaalRenderer` writes exactly
the markup of Django's ``select.html`` / ``select_option.html`` / ``attrs.html`` templates
(``tests/test_formrenderer.py`` compares the two), so nothing changes on the page but the time.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTIE = "django/forms/widgets/select_option.html"


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


class PortaalRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and all(
            optie.get("template_name") == OPTIE
            for _groep, opties, _index in context["widget"]["optgroups"]
            for optie in opties
        ):
            return select_html(context["widget"])
        return super().render(template_name, context, request)
