"""Template helpers that render Django form fields with NL Design System (Utrecht) classes and
the ARIA attributes that tie a field to its description and error message."""

from django import forms, template

register = template.Library()

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
}


def _css_class(widget: forms.Widget) -> str:
    for widget_type in type(widget).__mro__:
        if widget_type in _WIDGET_CLASSES:
            return _WIDGET_CLASSES[widget_type]
    return "utrecht-textbox utrecht-textbox--html-input"


@register.simple_tag
def nlds_widget(bound_field: forms.BoundField):
    """Render the widget with its NLDS class, aria-describedby and aria-invalid."""
    widget = bound_field.field.widget
    # A placeholder repeats the label and disappears while typing: labels only.
    widget.attrs.pop("placeholder", None)
    css = _css_class(widget)
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_hulp")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_fout")
        css += " utrecht-textbox--invalid" if "textbox" in css else ""
    attrs = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
