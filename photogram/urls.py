from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from photogram.core.health.views import healthz
from photogram.oauth.views import authorization_server_metadata
from photogram.web.views.public import oembed

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Mastodon's address for it, though it is a page's companion rather than part of the client API.
    path("api/oembed", oembed, name="oembed"),
    path("api/", include("photogram.api.urls")),
    path("oauth/", include("photogram.oauth.urls")),
    path(".well-known/oauth-authorization-server", authorization_server_metadata),
    path("", include("photogram.server.urls")),
    path("", include("photogram.web.urls")),
    # The language one chooses (a POST of `language`), kept in a cookie that LocaleMiddleware reads.
    path("i18n/", include("django.conf.urls.i18n")),
    # granian serves media files itself (bin/serve); this serves them only when DEBUG is on.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

handler404 = "photogram.web.errors.not_found"
