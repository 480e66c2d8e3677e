from photogram.accounts.models.relationships import Block, Follow, FollowRequest, Mute
from photogram.accounts.models.sessions import WebSession
from photogram.accounts.models.user import User

__all__ = ["Block", "Follow", "FollowRequest", "Mute", "User", "WebSession"]
