from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "photogram.accounts"
    label = "accounts"
    verbose_name = "Accounts"
