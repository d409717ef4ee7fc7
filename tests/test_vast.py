"""``{% vast %}``: the fixed parts of the base template are rendered once per language and
reused; anything that could differ between requests is refused when the template compiles."""

import pytest
from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation


def _engine() -> Engine:
    return Engine(
        libraries={
            "vast": "portal.templatetags.vast",
            "i18n": "django.templatetags.i18n",
            "static": "django.templatetags.static",
        }
    )


@pytest.mark.parametrize(
    "inhoud",
    [
        "{{ naam }}",
        "{% if naam %}x{% endif %}",
        "{% translate naam %}",
        "{% translate 'Home' as tekst %}",
        "{% url 'portal:home' as adres %}",
        "{% url naam %}",
        "{% static naam %}",
        "{% static 'css/portal.css' as adres %}",
        "{% blocktranslate %}Home{% endblocktranslate %}",
        "{% csrf_token %}",
        "{% translate 'Home'|upper %}",
    ],
)
def test_alles_wat_per_verzoek_kan_verschillen_wordt_geweigerd(inhoud):
    with pytest.raises(TemplateSyntaxError):
        _engine().from_string("{% load vast i18n static %}{% vast %}" + inhoud + "{% endvast %}")


def test_eenmaal_per_taal_gemaakt_en_daarna_hergebruikt():
    sjabloon = _engine().from_string(
        "{% load vast i18n %}{% vast %}<a href=\"{% url 'portal:home' %}\">"
        "{% translate 'Inloggen' %}</a>{% endvast %}"
    )
    with translation.override("nl"):
        assert sjabloon.render(Context()) == f'<a href="{reverse("portal:home")}">Inloggen</a>'
    with translation.override("en"):
        assert sjabloon.render(Context()) == f'<a href="{reverse("portal:home")}">Log in</a>'
    knoop = next(n for n in sjabloon.nodelist if n.__class__.__name__ == "VastNode")
    assert len(knoop.uitvoer) == 2
    # Reused: what is kept is what is shown (the kept output is not made again).
    knoop.uitvoer[("nl", "/", True)] = "bewaard"
    with translation.override("nl"):
        assert sjabloon.render(Context()) == "bewaard"


def test_letterlijke_static_en_url_met_argumenten_mogen():
    sjabloon = _engine().from_string(
        "{% load vast static %}{% vast %}{% static 'css/portal.css' %} "
        "{% url 'intake:editie-dashboard' 7 %} "
        "{% url 'intake:editie-dashboard' pk=8 %}{% endvast %}"
    )
    uitvoer = sjabloon.render(Context())
    assert "portal" in uitvoer and "/7/" in uitvoer and "/8/" in uitvoer


def test_basissjabloon_in_beide_talen(client):
    html = client.get(reverse("portal:toegankelijkheid")).content.decode()
    assert 'lang="nl"' in html and "Ga direct naar de inhoud" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("portal:toegankelijkheid")).content.decode()
    assert 'lang="en"' in html and "Skip to content" in html
    assert ">Ga direct naar de inhoud<" not in html
