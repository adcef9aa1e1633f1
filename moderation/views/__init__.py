"""Moderator and expert pages: the queue, escalation, the inbox, the dashboard and the audit log."""

from moderation.views import audit, bottlenecks, dashboard, experts, figures, flags, queue

blueprints = (queue.bp, experts.bp, flags.bp, dashboard.bp, audit.bp, bottlenecks.bp, figures.bp)
