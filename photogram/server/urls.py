from django.urls import path, re_path

from photogram.server import views

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/host-meta", views.host_meta, name="host_meta"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo_links"),
    re_path(r"^nodeinfo/(?P<version>2\.[01])$", views.nodeinfo, name="nodeinfo"),
]
