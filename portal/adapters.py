from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .permissions import is_adviseur_of_beheerder


class AccountAdapter(DefaultAccountAdapter):
    """Where people land after logging in: advisors on their work list, officials on theirs."""

    def get_login_redirect_url(self, request):
        if is_adviseur_of_beheerder(request.user):
            return reverse("intake:adviseur-start")
        return reverse("portal:mijn")
