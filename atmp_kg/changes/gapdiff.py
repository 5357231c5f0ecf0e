"""What changed in the gap report: stage x therapy cells whose status changed (a gap that
opened or closed, a single point of failure that appeared or went), over all regions and over
Wallonia and Brussels, and partner suggestions that appeared or vanished. Read from the report's
tables (``gaps/coverage.csv``, ``gaps/suggestions.csv``), keyed by codes, never by position."""

from atmp_kg.changes.kinds import Change

GAP = "gap"
ACTOR = "https://w3id.org/atmp-kg/id/actor/"
SCOPES = (("status", "total", "all regions"), ("regional_status", "regional", "Wallonia and Brussels"))


def changes(old, new):
    """The changes between two versions' gap tables (``versions.Version.gaps``); none when
    either version lacks a table (a dump alone has no gap report)."""
    found = []
    if "coverage" in old and "coverage" in new:
        found += coverage_changes(old["coverage"], new["coverage"])
    if "suggestions" in old and "suggestions" in new:
        found += suggestion_changes(old["suggestions"], new["suggestions"])
    return found


def coverage_changes(old_rows, new_rows):
    before = {(row["stage"], row["therapy"]): row for row in old_rows}
    after = {(row["stage"], row["therapy"]): row for row in new_rows}
    found = []
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        label = f"{now['stage_label']} x {now['therapy_label']}"
        for status, count, scope in SCOPES:
            if was.get(status) == now.get(status):
                continue
            kind = ("gap opened" if now[status] == GAP else "gap closed" if was[status] == GAP
                    else "coverage changed")
            found.append(Change(kind, f"{key[0]} x {key[1]}", label, scope, _cell(was, status, count),
                                _cell(now, status, count)))
    return found


def _cell(row, status, count):
    actors = row.get(count, "")
    return f"{row[status]} ({actors} actor{'' if actors == '1' else 's'})" if actors else row[status]


def suggestion_changes(old_rows, new_rows):
    before = {(row["actor_id"], row["partner_id"]): row for row in old_rows}
    after = {(row["actor_id"], row["partner_id"]): row for row in new_rows}
    found = [Change("suggestion appeared", ACTOR + key[0], after[key]["actor"], f"partner: {after[key]['partner']}",
                    new=after[key]["reason"]) for key in sorted(after.keys() - before.keys())]
    found += [Change("suggestion vanished", ACTOR + key[0], before[key]["actor"], f"partner: {before[key]['partner']}",
                     old=before[key]["reason"]) for key in sorted(before.keys() - after.keys())]
    return found
