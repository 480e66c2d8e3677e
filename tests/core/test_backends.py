import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from photogram.core.backends import BackendHandler


class Greeter:
    def __init__(self, greeting: str = "hello") -> None:
        self.greeting = greeting


class LoudGreeter(Greeter):
    pass


handler: BackendHandler[Greeter] = BackendHandler("TEST_GREETERS", Greeter)


@override_settings(
    TEST_GREETERS={
        "default": {"BACKEND": "tests.core.test_backends.Greeter"},
        "loud": {"BACKEND": "tests.core.test_backends.LoudGreeter", "OPTIONS": {"greeting": "HELLO"}},
    }
)
def test_backends_are_built_from_settings_once_per_alias() -> None:
    assert type(handler.default) is Greeter
    assert handler.default is handler["default"]
    assert isinstance(handler["loud"], LoudGreeter)
    assert handler["loud"].greeting == "HELLO"


def test_changing_the_setting_rebuilds_the_backends() -> None:
    with override_settings(TEST_GREETERS={"default": {"BACKEND": "tests.core.test_backends.Greeter"}}):
        first = handler.default
    with override_settings(TEST_GREETERS={"default": {"BACKEND": "tests.core.test_backends.LoudGreeter"}}):
        assert handler.default is not first
        assert isinstance(handler.default, LoudGreeter)


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ({}, "has no 'default' entry"),
        ({"default": {}}, "has no BACKEND"),
        ({"default": {"BACKEND": "tests.core.test_backends.Nowhere"}}, "cannot import"),
        ({"default": {"BACKEND": "tests.core.test_backends.handler"}}, "is not a Greeter"),
    ],
)
def test_misconfiguration_is_reported_with_the_setting_name(configured: object, message: str) -> None:
    with override_settings(TEST_GREETERS=configured), pytest.raises(ImproperlyConfigured, match=message):
        _ = handler.default
