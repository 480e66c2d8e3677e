"""The streaming events of direct messages, on each member's `user` stream (Photogram's own names)."""

# payload: the DirectMessage entity, rendered for the member who receives it.
MESSAGE = "direct.message"
# payload: {"thread_id", "id"}: the message was unsent and is gone for everyone.
UNSEND = "direct.unsend"
# payload: {"thread_id", "id", "account_id", "emoji"}: a member's reaction (emoji null: taken back).
REACTION = "direct.reaction"
# payload: {"thread_id", "account_id", "last_read_id"}: a member's read receipt moved.
READ = "direct.read"
# payload: {"thread_id", "account_id"}: a member is typing (clients show it for a few seconds).
TYPING = "direct.typing"
