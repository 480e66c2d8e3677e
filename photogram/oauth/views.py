"""OAuth endpoints: django-oauth-toolkit's, with the log-in rate limit on the password grant."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from oauth2_provider import views as oauth_views

from photogram.core.ratelimit import policy as ratelimit


class TokenView(oauth_views.TokenView):  # type: ignore[misc]
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("grant_type") == "password":
            try:
                budget = ratelimit.spend("log_in", ratelimit.client_ip(request))
            except ratelimit.RateLimited as refused:
                response = JsonResponse(refused.body(), status=429)
                ratelimit.add_headers(response, refused.result)
                return response
            answered: HttpResponse = super().post(request, *args, **kwargs)
            ratelimit.add_headers(answered, budget)
            return answered
        answer: HttpResponse = super().post(request, *args, **kwargs)
        return answer
