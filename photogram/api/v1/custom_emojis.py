"""`/api/v1/custom_emojis`: the custom emojis people can use here."""

from __future__ import annotations

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.params import NoParams
from photogram.api.serializers import emojis


@api_endpoint("GET", auth="none", returns=list[entities.CustomEmoji])
def custom_emoji_list(request: ApiRequest[NoParams]) -> list[entities.CustomEmoji]:
    """List the custom emojis of this instance, by shortcode."""
    return sorted(emojis.table().values(), key=lambda emoji: emoji["shortcode"])
