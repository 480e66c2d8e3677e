import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from photogram.core.startup import refuse_unmigrated_database


@pytest.mark.django_db(transaction=True)
def test_server_start_refuses_an_unmigrated_database_and_says_how_to_fix_it() -> None:
    refuse_unmigrated_database()
    call_command("migrate", "admin", "zero", verbosity=0)
    try:
        with pytest.raises(ImproperlyConfigured, match=r"unapplied migration.*admin\.0001_initial.*make migrate"):
            refuse_unmigrated_database()
    finally:
        call_command("migrate", verbosity=0)
    refuse_unmigrated_database()
