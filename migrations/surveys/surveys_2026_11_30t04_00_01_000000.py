"""Closing the loop: each consultation's plan, publications, decision, follow-up actions and the
residents waiting to hear of the decision (surveys.loop_tables)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T04:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Consultation plan, publications, decisions, follow-up actions, decision followers"

TABLES = ("surveys_decision_follower", "surveys_followup_action", "surveys_decision", "surveys_publication",
          "surveys_plan")


def _statements(serial: str, ts: str, uuid: str, json: str) -> list[str]:
    fk = "INTEGER NOT NULL REFERENCES surveys_consultation (id) ON DELETE CASCADE"
    now = "NOT NULL DEFAULT CURRENT_TIMESTAMP"
    return [
        f"""CREATE TABLE surveys_plan (id {serial}, consultation {fk} UNIQUE, purpose TEXT NOT NULL DEFAULT '',
            open_to_change TEXT NOT NULL DEFAULT '', not_open_to_change TEXT NOT NULL DEFAULT '',
            how_used TEXT NOT NULL DEFAULT '', decision_expected DATE NULL,
            equality_link VARCHAR(500) NOT NULL DEFAULT '', equality_summary TEXT NOT NULL DEFAULT '',
            short_reason TEXT NOT NULL DEFAULT '', wards {json} NOT NULL DEFAULT '[]', updated_at {ts} {now})""",
        f"""CREATE TABLE surveys_publication (id {serial}, consultation {fk}, published_at {ts} {now},
            published_by INTEGER NULL, responses INTEGER NOT NULL DEFAULT 0,
            suppressed_cells INTEGER NOT NULL DEFAULT 0, low_response_reason TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX surveys_publication_consultation ON surveys_publication (consultation)",
        f"""CREATE TABLE surveys_decision (id {serial}, consultation {fk} UNIQUE, heard TEXT NOT NULL DEFAULT '',
            decision TEXT NOT NULL DEFAULT '', decided_on DATE NULL, decided_by VARCHAR(200) NOT NULL DEFAULT '',
            changes TEXT NOT NULL DEFAULT '', published_at {ts} NULL, updated_at {ts} {now}, updated_by INTEGER NULL)""",
        "CREATE INDEX surveys_decision_published_at ON surveys_decision (published_at)",
        f"""CREATE TABLE surveys_followup_action (id {serial},
            decision INTEGER NOT NULL REFERENCES surveys_decision (id) ON DELETE CASCADE, description TEXT NOT NULL,
            owner VARCHAR(200) NOT NULL DEFAULT '', owner_user INTEGER NULL, due_on DATE NULL,
            status VARCHAR(30) NOT NULL DEFAULT 'planned', progress TEXT NOT NULL DEFAULT '', updated_at {ts} {now})""",
        "CREATE INDEX surveys_followup_action_decision ON surveys_followup_action (decision)",
        "CREATE INDEX surveys_followup_action_owner_user ON surveys_followup_action (owner_user)",
        "CREATE INDEX surveys_followup_action_due_on ON surveys_followup_action (due_on)",
        "CREATE INDEX surveys_followup_action_status ON surveys_followup_action (status)",
        f"""CREATE TABLE surveys_decision_follower (id {uuid} PRIMARY KEY, consultation {fk},
            email VARCHAR(254) NOT NULL)""",
        "CREATE INDEX surveys_decision_follower_consultation ON surveys_decision_follower (consultation)",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def create():
        from surveys.tables import Consultation

        if Consultation._meta.db.engine_type == "sqlite":
            statements = _statements("INTEGER PRIMARY KEY AUTOINCREMENT", "TIMESTAMPTZ", "UUID", "JSON")
        else:
            statements = _statements("SERIAL PRIMARY KEY", "TIMESTAMP WITH TIME ZONE", "UUID", "JSON")
        for statement in statements:
            await Consultation.raw(statement).run()

    async def drop():
        from surveys.tables import Consultation

        for table in TABLES:
            await Consultation.raw(f"DROP TABLE IF EXISTS {table}").run()

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
