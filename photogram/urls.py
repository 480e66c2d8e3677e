from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from photogram.core.health.views import healthz
from photogram.oauth.views import authorization_server_metadata

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("photogram.api.urls")),
    path("oauth/", include("photogram.oauth.urls")),
    path(".well-known/oauth-authorization-server", authorization_server_metadata),
    path("", include("photogram.server.urls")),
    path("", include("photogram.web.urls")),
    # granian serves media files itself (bin/serve); this serves them only when DEBUG is on.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
