"""Words for the codes the database stores (statuses, reasons, actions), in the reader's language.

Pages, charts and live fragments show a code only through `code_label`, so a new code without words
shows up in tests/test_plain_language.py instead of on a moderator's screen.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS: dict[str, dict[str, object]] = {
    "status": {
        "pending": _l("Awaiting review"), "open": _l("Open"), "awaiting_expert": _l("With an expert"),
        "answered": _l("Answered by a FAST expert"), "resolved": _l("Resolved"), "closed": _l("Closed"),
        "rejected": _l("Not published"),
    },
    "reason": {
        "new_question": _l("New question"), "resubmitted": _l("Resubmitted after changes"),
        "held_reply": _l("Reply from a new member"), "privacy_guard": _l("Possible personal data"),
        "flagged": _l("Flagged by members"), "declined": _l("Declined by the expert"),
        "overdue": _l("Expert answer overdue"), "bottleneck_signal": _l("The asker signals a wider bottleneck"),
    },
    "item_kind": {
        "question": _l("Question"), "reply": _l("Reply"), "flag": _l("Flag"), "assignment": _l("Assignment"),
        "bottleneck": _l("Bottleneck"),
    },
    "flag_reason": {
        "spam": _l("Spam or advertising"), "off-topic": _l("Off-topic"),
        "personal-medical-data": _l("Personal medical data"), "inappropriate": _l("Inappropriate"),
        "other": _l("Something else"),
    },
    "member_kind": {
        "innovator-academia": _l("Innovator (knowledge institution)"),
        "innovator-startup": _l("Innovator (start-up)"), "innovator-company": _l("Innovator (company)"),
        "patient-representative": _l("Patient representative"), "government": _l("Government"),
        "other": _l("Other"),
    },
    "role": {
        "member": _l("Member"), "expert": _l("FAST expert"), "moderator": _l("FAST moderator"),
        "admin": _l("Administrator"),
    },
    "assignment_state": {
        "requested": _l("asked"), "accepted": _l("accepted"), "answered": _l("answered"),
        "overdue": _l("overdue"), "declined": _l("declined"), "withdrawn": _l("withdrawn"),
    },
    "resolution": {
        "approved": _l("approved"), "escalated": _l("put to an expert"), "hidden": _l("hidden"),
        "kept": _l("kept"), "merged": _l("merged"), "rejected": _l("rejected"), "restored": _l("restored"),
        "dismissed": _l("dismissed"),
    },
    "audit_action": {
        "approve": _l("Approved"), "reject": _l("Rejected"), "accept_answer": _l("Accepted an answer"),
        "unaccept_answer": _l("Withdrew an accepted answer"), "lock": _l("Locked"), "unlock": _l("Unlocked"),
        "edit": _l("Edited"), "delete": _l("Deleted"), "restore": _l("Restored"), "merge": _l("Merged"),
        "move": _l("Moved to another board"), "hide": _l("Hidden"), "unhide": _l("Shown again"),
        "dismiss_flags": _l("Flags dismissed"), "dismiss": _l("Dismissed"),
        "escalate": _l("Put to an expert"), "accept_assignment": _l("Accepted an assignment"),
        "decline_assignment": _l("Declined an assignment"),
        "bottleneck.create": _l("Created a bottleneck"), "bottleneck.edit": _l("Changed a bottleneck"),
        "bottleneck.transition": _l("Moved a bottleneck along its status"),
        "bottleneck.merge": _l("Merged bottlenecks"), "bottleneck.link": _l("Linked a question to a bottleneck"),
        "bottleneck.unlink": _l("Took a question off a bottleneck"),
        "bottleneck.party": _l("Changed a party that can solve bottlenecks"),
        "withdraw_assignment": _l("Withdrew an assignment"), "answer": _l("Answered as expert"),
        "overdue": _l("Answer overdue"), "expert_profile": _l("Expert profile changed"),
    },
    "target_type": {
        "thread": _l("question"), "post": _l("post"), "assignment": _l("assignment"),
        "review_item": _l("review item"), "user": _l("member"),
        "bottleneck": _l("bottleneck"), "bottleneck_party": _l("party that can solve bottlenecks"),
    },
    "audit_field": {
        "status": _l("Status"), "board": _l("Board"), "boards": _l("Boards"), "title": _l("Title"),
        "body": _l("Text"), "tags": _l("Tags"), "cap": _l("Most open assignments at once"),
        "on_leave": _l("On leave"), "due_at": _l("Due"), "expert": _l("Expert"), "expert_id": _l("Expert"),
        "assignment_id": _l("Assignment"), "post_id": _l("Post"), "thread_id": _l("Question"),
        "into_thread_id": _l("Merged into question"), "domain": _l("Domain"),
        "party": _l("Party that can solve it"), "public": _l("Public"), "raised_with": _l("Raised with"),
        "into_id": _l("Merged into bottleneck"), "note": _l("Note"), "slug": _l("Code"),
        "bottleneck_id": _l("Bottleneck"),
        "name_nl": _l("Name (Dutch)"), "name_en": _l("Name (English)"),
    },
    "sla_outcome": {
        "on_time": _l("Answered on time"), "late": _l("Answered late"), "open": _l("Open now"),
        "overdue": _l("Overdue now"), "declined": _l("Declined"),
    },
    "bottleneck_status": {
        "signalled": _l("Signalled"), "analysing": _l("Being analysed"), "raised": _l("Raised"),
        "being_addressed": _l("Being addressed"), "resolved": _l("Resolved"), "not_pursued": _l("Not pursued"),
    },
    # The domains that are not boards (a board's slug is named by the board itself).
    "bottleneck_domain": {"funding": _l("Funding"), "other": _l("Other")},
    "helped_group": {
        "companies": _l("Companies (start-ups too)"), "knowledge_institutions": _l("Knowledge institutions"),
        "patient_organisations": _l("Patient organisations"), "government": _l("Government"), "other": _l("Other"),
    },
    "privacy_hit": {
        "bsn": _l("Citizen service number (BSN)"), "email": _l("E-mail address"), "phone": _l("Phone number"),
        "birth_date": _l("Date of birth next to health information"),
    },
}


def code_label(group: str, code: object) -> str:
    """The words for `code`; an unknown code is shown as it is (and the plain-language test fails)."""
    found = LABELS.get(group, {}).get(code) if isinstance(code, str) else None
    return str(found) if found is not None else str(code if code is not None else "")


def code_labels(group: str) -> dict[str, str]:
    """Every code of a group with its words, for select boxes."""
    return {code: str(words) for code, words in LABELS[group].items()}
