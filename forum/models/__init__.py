"""The forum's tables, one module per domain concept."""

from forum.models.accounts import ApiToken, Registration, User
from forum.models.boards import Board, Tag
from forum.models.content import ContentVersion
from forum.models.mail import MailPreference, OutgoingMail
from forum.models.notifications import BoardWatch, Notification, Watch
from forum.models.posts import IdempotencyKey, Post, PostRevision
from forum.models.threads import Assignment, Thread, thread_tags

__all__ = [
    "ApiToken",
    "Assignment",
    "Board",
    "BoardWatch",
    "ContentVersion",
    "IdempotencyKey",
    "MailPreference",
    "Notification",
    "OutgoingMail",
    "Post",
    "PostRevision",
    "Registration",
    "Tag",
    "Thread",
    "User",
    "Watch",
    "thread_tags",
]
