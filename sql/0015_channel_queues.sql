-- Each notification channel is its own queue (issue 29): a worker claims the due rows of one channel, so a
-- channel that hangs or fails delays only itself. This index finds one channel's due rows (matching jobs have
-- no channel) without walking every other channel's backlog.
CREATE INDEX notify_outbox_queue ON notify_outbox (channel_id, due_at) WHERE state = 'pending';
DROP INDEX notify_outbox_due;
