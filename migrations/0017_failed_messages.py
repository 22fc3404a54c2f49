"""County scale for messages: the failed-deliveries list reads failed messages newest first from
a partial index holding only them (a county's outbox is millions of messages, its failures a few
thousand), each joined to its case by submission_id (indexed since 0008), filtered by one region
column of the case (0014).

The index's WHERE is the very text of webapp/store/outbox.FAILED_SQL's condition, without the
table alias: SQLite (and PostgreSQL) use a partial index only for a query that states it."""


def migrate(db):
    db.execute("CREATE INDEX IF NOT EXISTS idx_outbox_failed ON outbox (id) "
               "WHERE status = 'failed' OR delivery_status IN ('undelivered', 'failed')")
