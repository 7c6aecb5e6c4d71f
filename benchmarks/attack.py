"""Re-check issue 12's attacks against a served engage and print what still fails.

    ENGAGE_DEMO_PASSWORD='a long demo password' engage demo
    ENGAGE_DEMO_PASSWORD=... engage serve &
    python benchmarks/attack.py --base-url http://127.0.0.1:8000 \
        --admin-email admin@engage.example --admin-password 'a long demo password'

One line per check (PASS, FAIL with what still fails, or SKIP with what covers it instead),
then "N passed, N failed". Exit status 1 when any check failed. The checks come from the
modules in benchmarks/attack/; they leave traces on the instance (see each module).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from attack import Skipped, Target, all_checks  # noqa: E402 - the package beside this script
from attack.web import Unchecked  # noqa: E402


def _first_open_consultation(base_url: str) -> str | None:
    """Every check works on one open consultation: found once here, so each module can rely on it."""
    listed = httpx.get(f"{base_url}/api/consultations/", timeout=30).json()
    return next((c["slug"] for c in listed if c["status"] == "open"), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--admin-email", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--admin-totp-secret", default=None,
                        help="the admin's two-step secret, where two-step sign-in is already set up")
    parser.add_argument("--consultation", default=None, help="slug of an open consultation (default: the first)")
    parser.add_argument("--only", default=None, help="run only the checks whose name contains this")
    args = parser.parse_args(argv)
    base_url = args.base_url.rstrip("/")
    slug = args.consultation or _first_open_consultation(base_url)
    if slug is None:
        print("No open consultation on this instance: open one, or pass --consultation SLUG")
        return 2
    target = Target(base_url=base_url, admin_email=args.admin_email, admin_password=args.admin_password,
                    consultation_slug=slug, admin_totp_secret=args.admin_totp_secret)
    passed = failed = skipped = 0
    for module, name, check in all_checks():
        if args.only and args.only not in name:
            continue
        began = time.monotonic()
        try:
            problem = check(target)
        except Skipped as reason:
            skipped += 1
            print(f"SKIP  {name}: {reason}", flush=True)
            continue
        except Unchecked as exc:  # setting the check up failed: that is not a pass
            problem = f"not checked: {exc}"
        except httpx.HTTPError as exc:
            problem = f"the server broke the connection: {type(exc).__name__}: {exc}"
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is a failure to report, not a crash
            problem = f"the check could not run: {type(exc).__name__}: {exc}"
        took = f"({time.monotonic() - began:.1f}s)"
        if problem is None:
            passed += 1
            print(f"PASS  {name} {took}", flush=True)
        else:
            failed += 1
            print(f"FAIL  {name} {took}: {problem}", flush=True)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
