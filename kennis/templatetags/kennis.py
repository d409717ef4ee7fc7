"""Template tags other apps' pages use to offer what the kennis app has, without importing it in
their views (dependencies point from kennis to bijeenkomsten, not back)."""

import datetime

from django import template
from django.utils import timezone

from bijeenkomsten import weergavecache

from ..deelnamebewijs import is_editie_afgelopen

register = template.Library()


def _seconden_tot_middernacht() -> int:
    nu = timezone.localtime()
    middernacht = datetime.datetime.combine(
        nu.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=nu.tzinfo
    )
    return max(1, int((middernacht - nu).total_seconds()))


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
        duur=lambda _waarde: _seconden_tot_middernacht(),
    )
