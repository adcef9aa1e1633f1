"""FAST's moderation: the review queue, flags, expert routing, SLA, privacy guard, audit."""
