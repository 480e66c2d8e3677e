"""Direct threads (a Photogram extension): `/api/photogram/v1/direct/...`, each visible to its members only.

Threads of the inbox and of requests page by their last activity (`last_activity_id`), messages by their ids,
both with Mastodon's cursors and Link header.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpResponse
from pydantic import Field

from photogram.api import entities
from photogram.api.endpoint import ApiRequest, api_endpoint
from photogram.api.pagination import Page, paginate, paginated_response
from photogram.api.params import NO_NUL, CursorParams, Id, NoParams, Params
from photogram.api.serializers.direct import serialize_messages, serialize_threads
from photogram.direct.models import Membership
from photogram.direct.services import messages, threads

# As Mastodon reads conversations (there is no read:conversations scope) and writes them.
READ = "read:statuses"
WRITE = "write:conversations"


def _thread(request: ApiRequest[Params], thread_id: int) -> entities.DirectThread:
    return serialize_threads([threads.membership_of(request.require_user(), thread_id)], request.require_user())[0]


def _listing(request: ApiRequest[CursorParams], state: str) -> HttpResponse:
    reader = request.require_user()
    page = paginate(request, threads.listed(reader, state), cursor="activity", default_limit=20, max_limit=40)
    return paginated_response(request, page, serialize_threads(page.rows, reader))


@api_endpoint("GET", READ, params=CursorParams, returns=list[entities.DirectThread], paginated=True)
def inbox(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List your threads, most recent activity first (requests are listed apart)."""
    return _listing(request, Membership.State.INBOX)


@api_endpoint("GET", READ, params=CursorParams, returns=list[entities.DirectThread], paginated=True)
def requests(request: ApiRequest[CursorParams]) -> HttpResponse:
    """List message requests: threads started by people you do not follow, most recent first."""
    return _listing(request, Membership.State.REQUEST)


class StartParams(Params):
    account_ids: Annotated[list[Id], Field(min_length=1, max_length=64)]
    title: Annotated[str, Field(max_length=threads.MAX_TITLE_LENGTH, pattern=NO_NUL)] = ""


@api_endpoint("POST", WRITE, params=StartParams, returns=entities.DirectThread, errors={404: "An account not found"})
def start_thread(request: ApiRequest[StartParams]) -> entities.DirectThread:
    """Start a thread with `account_ids[]` (one person: your one thread with them; more, or a `title`: a group
    of up to 32 people, you included)."""
    thread = threads.start(request.require_user(), request.params.account_ids, title=request.params.title)
    return _thread(request, thread.pk)


@api_endpoint("GET", READ, returns=entities.DirectThread)
def thread_detail(request: ApiRequest[NoParams], thread_id: int) -> entities.DirectThread:
    """Show a thread you are in."""
    return _thread(request, thread_id)


@api_endpoint("GET", READ, params=CursorParams, returns=list[entities.DirectMessage], paginated=True)
def thread_messages(request: ApiRequest[CursorParams], thread_id: int) -> HttpResponse:
    """List a thread's messages, newest first (without those of people you block or who block you)."""
    reader = request.require_user()
    found = messages.page(reader, thread_id, request.params.window(default_limit=20, max_limit=50))
    page = Page(found.messages, found.newest_id, found.oldest_id)
    return paginated_response(request, page, serialize_messages(found.messages, reader))


class SendParams(Params):
    text: Annotated[str, Field(max_length=messages.MAX_TEXT_LENGTH, pattern=NO_NUL)] = ""
    media_ids: Annotated[list[Id], Field(max_length=messages.MAX_MEDIA)] = []
    shared_status_id: Id | None = None
    shared_account_id: Id | None = None
    in_reply_to_id: Id | None = None


@api_endpoint("POST", WRITE, params=SendParams, returns=entities.DirectMessage, errors={403: "Not allowed"})
def send_message(request: ApiRequest[SendParams], thread_id: int) -> entities.DirectMessage:
    """Send a message: `text`, photos and videos uploaded through the media API (`media_ids[]`), a post
    (`shared_status_id`) or profile (`shared_account_id`) to share, and the message it answers
    (`in_reply_to_id`). Answering a request accepts it."""
    sender, params = request.require_user(), request.params
    sent = messages.send(
        sender,
        thread_id,
        text=params.text,
        media_ids=params.media_ids,
        shared_status_id=params.shared_status_id,
        shared_account_id=params.shared_account_id,
        reply_to_id=params.in_reply_to_id,
    )
    return serialize_messages([sent], sender)[0]


@api_endpoint("DELETE", WRITE, returns=entities.Empty, errors={403: "Not your message"})
def unsend_message(request: ApiRequest[NoParams], thread_id: int, message_id: int) -> entities.Empty:
    """Unsend one of your messages: it is removed for everyone."""
    messages.unsend(request.require_user(), thread_id, message_id)
    return {}


class ReactParams(Params):
    emoji: Annotated[str, Field(min_length=1, max_length=messages.MAX_EMOJI_LENGTH, pattern=messages.EMOJI_PATTERN)]


@api_endpoint("POST", WRITE, params=ReactParams, returns=entities.DirectMessage)
def react(request: ApiRequest[ReactParams], thread_id: int, message_id: int) -> entities.DirectMessage:
    """React to a message with an `emoji` (one per member: it replaces yours)."""
    reader = request.require_user()
    reacted = messages.react(reader, thread_id, message_id, request.params.emoji)
    return serialize_messages([reacted], reader)[0]


@api_endpoint("DELETE", WRITE, returns=entities.DirectMessage)
def unreact(request: ApiRequest[NoParams], thread_id: int, message_id: int) -> entities.DirectMessage:
    """Take back your reaction to a message."""
    reader = request.require_user()
    return serialize_messages([messages.react(reader, thread_id, message_id, None)], reader)[0]


class ReadParams(Params):
    message_id: Id | None = None


@api_endpoint("POST", WRITE, params=ReadParams, returns=entities.DirectThread)
def mark_read(request: ApiRequest[ReadParams], thread_id: int) -> entities.DirectThread:
    """Mark the thread read up to `message_id` (the newest message when left out); the others see the receipt."""
    messages.mark_read(request.require_user(), thread_id, request.params.message_id)
    return _thread(request, thread_id)


@api_endpoint("POST", WRITE, returns=entities.Empty)
def typing(request: ApiRequest[NoParams], thread_id: int) -> entities.Empty:
    """Tell the other members you are typing (send again every few seconds while you are)."""
    messages.typing(request.require_user(), thread_id)
    return {}


@api_endpoint("POST", WRITE, returns=entities.DirectThread)
def mute(request: ApiRequest[NoParams], thread_id: int) -> entities.DirectThread:
    """Mute a thread: its messages are no longer pushed to your apps."""
    threads.set_muted(request.require_user(), thread_id, True)
    return _thread(request, thread_id)


@api_endpoint("POST", WRITE, returns=entities.DirectThread)
def unmute(request: ApiRequest[NoParams], thread_id: int) -> entities.DirectThread:
    """Unmute a thread."""
    threads.set_muted(request.require_user(), thread_id, False)
    return _thread(request, thread_id)


@api_endpoint("POST", WRITE, returns=entities.Empty)
def leave(request: ApiRequest[NoParams], thread_id: int) -> entities.Empty:
    """Leave a group."""
    threads.leave(request.require_user(), thread_id)
    return {}


@api_endpoint("POST", WRITE, returns=entities.DirectThread)
def accept_request(request: ApiRequest[NoParams], thread_id: int) -> entities.DirectThread:
    """Accept a message request: the thread moves to your inbox."""
    threads.accept(request.require_user(), thread_id)
    return _thread(request, thread_id)


@api_endpoint("DELETE", WRITE, returns=entities.Empty)
def delete_request(request: ApiRequest[NoParams], thread_id: int) -> entities.Empty:
    """Delete a message request (a new message from the same person comes as a request again)."""
    threads.delete_request(request.require_user(), thread_id)
    return {}
