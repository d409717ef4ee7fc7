"""Template tags other apps' pages use to offer what the kennis app has, without importing it in
their views (dependencies point from kennis to bijeenkomsten, not back)."""

from django import template

from ..deelnamebewijs import is_editie_afgelopen

register = template.Library()


@register.simple_tag
def deelnamebewijs_beschikbaar(praktijk) -> bool:
    """Whether the certificate of participation of this practice can be downloaded."""
    editie = praktijk.aanmelding.editie
    return editie is not None and is_editie_afgelopen(editie)
