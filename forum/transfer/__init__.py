"""Moving Q&A in and out: `fast-forum import FILE.jsonl` and `fast-forum export FILE.jsonl`.

The file holds one thread per line, a JSON object (fields marked ? may be left out):

    {"key": "stable-id-from-the-source", "board": "regulatory", "title": "...",
     "author": {"email": "...", "name": "...", "kind"?: "innovator-academia", "organisation"?: "..."},
     "created_at": "ISO-8601", "last_activity_at"?: "ISO-8601", "tags"?: ["atmp"], "status": "open",
     "visibility"?: "public" | "private", "status_before_lock"?: "...", "rejection_reason"?: "...",
     "deleted_at"?: "ISO-8601",
     "posts": [{"author": {...}, "body": "markdown", "created_at": "ISO-8601", "expert"?: false,
                "accepted"?: false, "status"?: "published", "edited_at"?: "...", "deleted_at"?: "...",
                "rejection_reason"?: "..."}]}

The first post is the question (its `author` and `created_at` may be left out: they are the thread's).
`kind` is one of the member kinds (default `other`), `status` one of the lifecycle's states, a post's
`status` one of published, pending, hidden, rejected (default: published, or what goes with the
thread's status for the question). Dates without a zone are UTC. What is done with a record is
described in `forum.transfer.importing`, what is written in `forum.transfer.exporting`.
"""

from forum.transfer.exporting import export_file
from forum.transfer.importing import ImportReport, import_file, import_lines, import_records

__all__ = ["ImportReport", "export_file", "import_file", "import_lines", "import_records"]
