"""Template tags other apps' pages use to offer what the kennis app has, without importing it in
their views (dependencies point from kennis to bijeenkomsten, not back)."""

from django import template

from bijeenkomsten import weergavecache

from ..deelnamebewijs import is_editie_afgelopen

register = template.Library()


@register.simple_tag
def deelnamebewijs_beschikbaar(praktijk) -> bool:
    """Whether the certificate of participation of this practice can be downloaded. Shared per
    edition in the cache of the meeting pages (the rule reads the edition, its closing meeting
    and today's date, so the entry lasts until midnight at most)."""
    aanmelding = praktijk.aanmelding
    if aanmelding.editie_id is None:
        return False
    return weergavecache.ophalen(
        f"deelnamebewijs:{aanmelding.editie_id}",
        lambda: is_editie_afgelopen(aanmelding.editie),
        duur=lambda _waarde: weergavecache.seconden_tot_middernacht(),
    )
