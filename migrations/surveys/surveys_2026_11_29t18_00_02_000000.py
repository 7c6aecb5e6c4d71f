"""Every stored receipt code becomes its keyed hash, every submission key a one-way hash (with the ENGAGE_SECRET_KEY of the
environment the migration runs in, so run it with the production key), and every equality row's
day becomes the first day of its month, after which the rows are mixed (surveys.about_you_store).

Backwards cannot bring the codes back (that is the point): the hashes are cut to the old
column's 20 characters, so the earlier schema fits, and the old receipts no longer work."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T18:00:02:000000"
VERSION = "1.38.0"
DESCRIPTION = "Receipt codes hashed; equality dates to the month"

HASH_LENGTH = 64


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def hash_receipts_and_coarsen_dates():
        from engage.settings import Settings
        from surveys.about_you_store import mix_all, month_of
        from surveys.responses import receipt_hash, stored_submission_key
        from surveys.tables import AboutYou, Response

        secret = Settings.from_env().secret_key
        rows = await Response.raw("SELECT id, receipt_hash AS code FROM surveys_response").run()
        for row in rows:
            if row["code"] and len(row["code"]) != HASH_LENGTH:  # a code, not yet a hash
                await Response.raw("UPDATE surveys_response SET receipt_hash = {} WHERE id = {}",
                                   receipt_hash(secret, row["code"]) if len(row["code"]) <= 20 else row["code"],
                                   row["id"]).run()
        # Submission keys become one-way hashes: with the key, a plain one gave the receipt back.
        keys = await Response.raw("SELECT id, submission_key AS k FROM surveys_response").run()
        for row in keys:
            if len(row["k"]) != HASH_LENGTH:
                await Response.raw("UPDATE surveys_response SET submission_key = {} WHERE id = {}",
                                   stored_submission_key(row["k"]), row["id"]).run()
        days = await AboutYou.raw("SELECT DISTINCT submitted_month AS d FROM surveys_about_you").run()
        for row in days:
            day = row["d"]
            if isinstance(day, str):
                import datetime as dt

                day = dt.date.fromisoformat(day[:10])
            if day is not None and day.day != 1:
                await AboutYou.raw("UPDATE surveys_about_you SET submitted_month = {} WHERE submitted_month = {}",
                                   month_of(day), row["d"]).run()
        await mix_all()  # and the rows lose the order they arrived in

    async def shorten_hashes():
        from surveys.tables import Response

        await Response.raw("UPDATE surveys_response SET receipt_hash = SUBSTR(receipt_hash, 1, 20)").run()

    manager.add_raw(hash_receipts_and_coarsen_dates)
    manager.add_raw_backwards(shorten_hashes)
    return manager
