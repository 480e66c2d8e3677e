from django.urls import path

from photogram.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("auth/sign_in", views.sign_in, name="sign_in"),
    path("auth/sign_out", views.sign_out, name="sign_out"),
    path("auth/sign_up", views.sign_up, name="sign_up"),
    path("settings/password", views.change_password, name="change_password"),
    path("settings/delete", views.delete_account, name="delete_account"),
]
