"""Indexes for the summaries: the rollups' (key, day) and (day, phrase), and on the voices area's
tables the timestamps the rollup's freshness check reads (an index changes no data)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T08:02:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Summary indexes"

INDEXES = {
    "summaries_fact_key_day": "summaries_fact (key, day)",
    "summaries_phrase_fact_day_phrase": "summaries_phrase_fact (day, phrase)",
    "summaries_fact_month_key": "summaries_fact_month (month, key)",
    "summaries_voice_analysed_at": "voices_voice (analysed_at)",
    "summaries_voice_safeguarding_at": "voices_voice (safeguarding_at)",
    "summaries_voice_created_at": "voices_voice (created_at)",
    "summaries_tag_decision_decided_at": "voices_tag_decision (decided_at)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="summaries", description=DESCRIPTION)

    async def add_indexes():
        from engage.summaries.tables import SummaryFact

        for name, target in INDEXES.items():
            await SummaryFact.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {target}").run()

    async def drop_indexes():
        from engage.summaries.tables import SummaryFact

        for name in INDEXES:
            await SummaryFact.raw(f"DROP INDEX IF EXISTS {name}").run()

    manager.add_raw(add_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
