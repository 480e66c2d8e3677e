from photogram.discovery.models.featured import Endorsement, FeaturedTag
from photogram.discovery.models.suggestions import SuggestionDismissal

__all__ = ["Endorsement", "FeaturedTag", "SuggestionDismissal"]
