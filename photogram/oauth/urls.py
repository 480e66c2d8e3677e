from django.urls import path
from oauth2_provider import views as oauth_views

from photogram.oauth.views import TokenView

app_name = "oauth2_provider"

urlpatterns = [
    path("authorize", oauth_views.AuthorizationView.as_view(), name="authorize"),
    path("token", TokenView.as_view(), name="token"),
    path("revoke", oauth_views.RevokeTokenView.as_view(), name="revoke-token"),
]
