from django.urls import path

from photogram.oauth.views import AuthorizationView, RevokeTokenView, TokenView

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize", AuthorizationView.as_view(), name="authorize"),
    path("token", TokenView.as_view(), name="token"),
    path("revoke", RevokeTokenView.as_view(), name="revoke-token"),
]
