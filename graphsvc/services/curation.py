"""Curators' work on identity: candidate duplicates, merges, splits, and their history.

- **Candidate duplicates** are found by the ingest pipeline (name-only matches, see
  :mod:`graphsvc.services.identity`); curators list them and dismiss the ones that are two
  people. A candidate's status: ``pending`` (listed), ``dismissed`` (not the same person),
  ``merged`` (a curator merged the pair), ``separated`` (a split made the pair).
- **Merge** ``merged`` into ``survivor``: every edge moves to the survivor, COAUTHOR
  weights change by exact differences (:mod:`graphsvc.services.reassign`), the survivor
  keeps the merged record's name (``alt_names``), ids (``merged_ids``) and identifiers
  (``merged_identifiers``, and any identifier kind it lacked itself), and every id and
  identifier form of the merged record becomes an Alias of the survivor: the API answers
  them with 301 and the ingest pipeline resolves them to the survivor.
- **Split** works off a conflated record: the listed authorships move to a new (or named)
  record, and each work gets an ``ASSIGNED_TO`` override naming the identifier forms the
  record had, so re-loading the sources sends those authorships where the curator put them.

Every action is one write statement that checks, in the same statement, the state it was
planned from (compare-and-set); a refused statement writes nothing and the API says what
changed. Actions take the ingest lock, so no batch writes between planning and writing.
Each leaves a ``CurationAction`` (who, when, why, what).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import Conflict, InvalidInput, Moved, NotFound
from graphsvc.services.auth import User
from graphsvc.services.derived import refresh
from graphsvc.services.follows import now_ms
from graphsvc.services.identifiers import resolve_researcher_id, resolve_work_id
from graphsvc.services.identity import (
    IDENTIFIER_FIELDS,
    candidate_id,
    name_key,
    name_only_pairs,
    pair,
    record_forms,
)
from graphsvc.services.ingest import ingest_lock, lock_path_for
from graphsvc.services.paging import decode_cursor, encode_cursor
from graphsvc.services.reassign import Reassignment, authorships_from_rows, plan_reassignment

CANDIDATE_STATUSES = ("pending", "dismissed", "merged", "separated")
ACTIONS = ("merge", "split", "dismiss")
MAX_SPLIT_WORKS = 1000


def _reason(reason: str | None, action: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise InvalidInput(f"a {action} needs a reason: it is kept with the decision")
    return text


def _new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


@dataclass
class CurationService:
    backend: GraphBackend
    settings: Settings
    lock_path: Path | None = None

    @classmethod
    def for_settings(cls, backend: GraphBackend, settings: Settings) -> CurationService:
        return cls(backend, settings, lock_path_for(settings))

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        with ingest_lock(self.lock_path):
            yield

    # --- candidate duplicates ----------------------------------------------------------

    def list_duplicates(self, status: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
        """Candidate pairs with one status (default pending), oldest first, keyset-paged."""
        if status is not None and status not in CANDIDATE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(CANDIDATE_STATUSES)} or all")
        after_at, after_id = _cursor(cursor)
        rows = self.backend.read(
            "curation/list_candidates",
            {"status": status, "after_at": after_at, "after_id": after_id, "limit": limit + 1},
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            last = page[-1]["candidate"]
            next_cursor = encode_cursor(last["created_at"], last["id"])
        return {"data": [_candidate_public(r) for r in page], "next_cursor": next_cursor}

    def get_duplicate(self, candidate_id_: str) -> dict[str, Any]:
        rows = self.backend.read("curation/get_candidate", {"id": candidate_id_})
        if not rows:
            raise NotFound(f"no candidate duplicate {candidate_id_}")
        return _candidate_public(rows[0])

    def dismiss(self, user: User, candidate_id_: str, reason: str | None) -> dict[str, Any]:
        """ "Not the same person": the pair is no longer listed, and ingest never re-adds it."""
        text = _reason(reason, "dismissal")
        current = self.get_duplicate(candidate_id_)
        if current["status"] != "pending":
            raise Conflict(
                f"candidate {candidate_id_} is {current['status']}; only a pending candidate "
                "can be dismissed"
            )
        now = now_ms()
        action = self._action(user, "dismiss", text, now, [r["id"] for r in current["researchers"]])
        action["candidate"] = candidate_id_
        with self._exclusive():
            rows = self.backend.write(
                "curation/dismiss_candidate",
                {
                    "id": candidate_id_,
                    "now": now,
                    "by_id": user.id,
                    "by_handle": user.handle,
                    "reason": text,
                    "action": action,
                },
            )
        if not rows:
            status = self.get_duplicate(candidate_id_)["status"]
            raise Conflict(f"candidate {candidate_id_} became {status} meanwhile; nothing changed")
        return self.get_duplicate(candidate_id_)

    # --- merge -------------------------------------------------------------------------

    def merge(
        self, user: User, survivor_raw: str, merged_raw: str, reason: str | None
    ) -> dict[str, Any]:
        """Merge ``merged`` into ``survivor``; returns the recorded action."""
        text = _reason(reason, "merge")
        survivor = self._live(survivor_raw, "survivor")
        merged = self._live(merged_raw, "merged record")
        if survivor == merged:
            raise InvalidInput(
                f"{survivor_raw!r} and {merged_raw!r} are the same record ({survivor}); "
                "name two different researchers"
            )
        with self._exclusive():
            s = self._record(survivor)
            m = self._record(merged)
            if s["owners"] and m["owners"]:
                raise Conflict(
                    f"both records have an owner ({s['owners'][0]['user_handle']} owns "
                    f"{survivor}, {m['owners'][0]['user_handle']} owns {merged}); revoke or "
                    "transfer one of the two claims first (POST /claims/{id}/revoke)"
                )
            authorships = authorships_from_rows(
                self.backend.read("curation/get_authorships", {"ids": m["works"]})
            )
            plan = plan_reassignment(
                authorships,
                m["works"],
                merged,
                survivor,
                self.settings.coauthor_max_authors,
                vanishing=merged,
            )
            now = now_ms()
            props, aliases = _survivor_props(s["props"], m["props"], now)
            remove, candidates = self._carry_candidates(survivor, merged, user, text, now)
            action = self._action(user, "merge", text, now, [survivor, merged])
            action |= {
                "survivor": survivor,
                "merged": merged,
                "merged_name": m["props"].get("name"),
                "works_moved": len(m["works"]),
                "works_shared": sum(1 for w in m["works"] if survivor in authorships[w]),
                "coauthor_changes": len(plan.coauthors),
                "aliases": aliases,
            }
            rows = self.backend.write(
                "curation/merge_researchers",
                {
                    "survivor": survivor,
                    "merged": merged,
                    "survivor_forms": record_forms(s["props"]),
                    "merged_forms": record_forms(m["props"]),
                    "works_count": len(plan.expected),
                    "works_expected": plan.expected,
                    "authored": plan.authored,
                    "coauthors": plan.coauthors,
                    "author_counts": plan.author_counts,
                    "aliases": [{"id": a} for a in aliases],
                    "props": props,
                    "candidates_remove": remove,
                    "candidates": candidates,
                    "action": action,
                },
            )
            if not rows:
                self._explain_merge_refusal(survivor, merged)
            self._refresh_counts(plan, survivor)
        return self.get_action(str(action["id"]))

    def _explain_merge_refusal(self, survivor: str, merged: str) -> None:
        for rid in (survivor, merged):
            if not self.backend.read("researcher/exists", {"id": rid}):
                raise Conflict(f"{rid} is no longer in the graph (merged meanwhile?); no change")
        if self._record(survivor)["owners"] and self._record(merged)["owners"]:
            raise Conflict(
                f"{survivor} and {merged} both have an owner now; revoke or transfer one claim "
                "first"
            )
        raise Conflict(
            "the records changed while the merge was planned; nothing was written, try again"
        )

    def _carry_candidates(
        self, survivor: str, merged: str, user: User, reason: str, now: int
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """The merged record's candidate pairs, carried over to the survivor.

        The pair of the two records becomes ``merged``. A pair (merged, X) becomes
        (survivor, X) with its status, unless the survivor already has a pair with X; a
        dismissal wins over a pending pair (X was not the merged person, so not the
        survivor either).
        """
        rows = self.backend.read("curation/get_candidates_of", {"ids": [survivor, merged]})
        known = [dict(r["candidate"]) for r in rows]
        by_other = {_other(c, survivor): c for c in known if survivor in (c["a"], c["b"])}
        remove: list[str] = []
        write: list[dict[str, Any]] = []
        for c in known:
            if merged not in (c["a"], c["b"]):
                continue
            other = _other(c, merged)
            decided = {
                "decided_by": user.handle,
                "decided_by_id": user.id,
                "decided_at": now,
                "updated_at": now,
            }
            if other == survivor:
                write.append({**c, **decided, "status": "merged", "decision_reason": reason})
                continue
            remove.append(str(c["id"]))
            existing = by_other.get(other)
            if existing is not None:
                if c["status"] in ("dismissed", "separated") and existing["status"] == "pending":
                    write.append(
                        {
                            **existing,
                            **{k: c.get(k) for k in decided},
                            "status": c["status"],
                            "decision_reason": c.get("decision_reason"),
                            "carried_from": c["id"],
                        }
                    )
                continue
            a, b = pair(survivor, other)
            write.append(
                {
                    **c,
                    "id": candidate_id(a, b),
                    "a": a,
                    "b": b,
                    "carried_from": c["id"],
                    "updated_at": now,
                }
            )
        return remove, write

    # --- split -------------------------------------------------------------------------

    def split(
        self,
        user: User,
        researcher_raw: str,
        works_raw: list[str],
        into_raw: str | None,
        name: str | None,
        reason: str | None,
    ) -> dict[str, Any]:
        """Move the listed works' authorships off a conflated record; returns the action."""
        text = _reason(reason, "split")
        if not works_raw:
            raise InvalidInput("list the works to split off (works: [work id, ...])")
        if len(works_raw) > MAX_SPLIT_WORKS:
            raise InvalidInput(f"at most {MAX_SPLIT_WORKS} works per split; split in parts")
        source = self._live(researcher_raw, "researcher to split")
        works = self._works(works_raw)
        target: str
        create = into_raw is None
        if into_raw is not None:
            if name:
                raise InvalidInput("give either into (an existing record) or name (a new one)")
            target = self._live(into_raw, "target record")
            if target == source:
                raise InvalidInput(f"into names {source} itself; name another record or omit it")
        else:
            target = f"split:{uuid.uuid4().hex[:16]}"
        with self._exclusive():
            x = self._record(source)
            missing = [w for w in works if w not in set(x["works"])]
            if missing:
                raise InvalidInput(
                    f"{source} has no authorship of {', '.join(missing[:20])}; list only works "
                    f"{source} authored (GET /researchers/{source}/works)"
                )
            if len(works) == len(x["works"]):
                raise InvalidInput(
                    f"that is every work of {source}; a split must leave it at least one "
                    "(to move all of them, merge the two records instead)"
                )
            y = None if create else self._record(target)
            rows = self.backend.read("curation/get_authorships", {"ids": works})
            authorships = authorships_from_rows(rows)
            plan = plan_reassignment(
                authorships, works, source, target, self.settings.coauthor_max_authors
            )
            now = now_ms()
            action = self._action(user, "split", text, now, [source, target])
            action_id = str(action["id"])
            action |= {"researcher": source, "into": target, "works": works, "created": create}
            new_name = (name or "").strip() or x["props"].get("name")
            target_props = {
                "id": target,
                "name": new_name,
                "name_key": name_key(new_name),
                "created_at": now,
                "updated_at": now,
                "claimed": False,
                "open_to_collaborate": False,
                "split_from": source,
            }
            from_keys = record_forms(x["props"])
            target_forms = set(record_forms(y["props"])) if y else {target}
            retarget: list[dict[str, Any]] = []
            drop: list[dict[str, Any]] = []
            for row in rows:
                for override_id, keys, to_id in row["overrides"]:
                    if to_id != source:
                        continue
                    edge = {"w": row["id"], "id": override_id}
                    # an earlier split sent the target's own identity here: moving it back
                    # makes that override say nothing, so it goes
                    (drop if target_forms & set(keys or []) else retarget).append(edge)
            overrides = [{"w": w, "id": f"{action_id}:{w}", "from_keys": from_keys} for w in works]
            candidates = self._name_only_candidates(target, target_props) if create else []
            a, b = pair(source, target)
            separated = {
                "id": candidate_id(a, b),
                "a": a,
                "b": b,
                "name_key": name_key(x["props"].get("name")),
                "rule": "split",
                "reason": f"split apart by {user.handle}: {text}",
                "status": "separated",
                "updated_at": now,
                "decided_by": user.handle,
                "decided_by_id": user.id,
                "decided_at": now,
                "decision_reason": text,
            }
            written = self.backend.write(
                "curation/split_works",
                {
                    "researcher": source,
                    "target": target,
                    "create_target": create,
                    "target_props": target_props,
                    "works": works,
                    "works_expected": plan.expected,
                    "authored": plan.authored,
                    "coauthors": plan.coauthors,
                    "author_counts": plan.author_counts,
                    "overrides_retarget": retarget,
                    "overrides_remove": drop,
                    "overrides_new": overrides,
                    "candidates": candidates,
                    "candidate": separated,
                    "action": action,
                    "now": now,
                },
            )
            if not written:
                raise Conflict(
                    f"{source} or the listed works changed while the split was planned (or "
                    f"{target} was merged meanwhile); nothing was written, try again"
                )
            self._refresh_counts(plan, source, target)
        return self.get_action(action_id)

    def _refresh_counts(self, plan: Reassignment, *records: str) -> None:
        """Recount the derived state of everyone the action touched: the records and every
        researcher whose COAUTHOR weight changed. Ingest keeps these counts by differences;
        a curator action is rare enough to recount them from the edges, right after the
        action's own statement and under the same lock."""
        touched = set(records)
        for row in plan.coauthors:
            touched |= {row["a"], row["b"]}
        refresh(self.backend, sorted(touched), self.settings.close_collaborator_min_shared)

    def _name_only_candidates(self, rid: str, props: dict[str, Any]) -> list[dict[str, Any]]:
        """A new record's candidate duplicates, found as the ingest pipeline finds them, so
        that re-loading later has nothing to add."""
        key = props.get("name_key")
        if not key:
            return []
        cap = self.settings.duplicate_name_max
        rows = self.backend.read("ingest/get_name_groups", {"keys": [key], "limit": cap + 1})
        groups = {str(r["name_key"]): r["members"] for r in rows}
        return name_only_pairs({rid: props}, groups, cap)

    # --- history -----------------------------------------------------------------------

    def history(self, researcher_raw: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
        """Curation actions newest first; ``researcher`` narrows to actions naming that id."""
        rid = None
        if researcher_raw:
            try:
                rid = resolve_researcher_id(self.backend, researcher_raw)
            except Moved:
                rid = researcher_raw.strip()  # a merged-away id: its merge names it
            except NotFound:
                rid = researcher_raw.strip()  # records split off and merged away since
        before_at, before_id = _cursor(cursor)
        rows = self.backend.read(
            "curation/list_actions",
            {"researcher": rid, "before_at": before_at, "before_id": before_id, "limit": limit + 1},
        )
        page = [_action_public(r["action"]) for r in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = encode_cursor(page[-1]["at"], page[-1]["id"])
        return {"data": page, "next_cursor": next_cursor}

    def get_action(self, action_id: str) -> dict[str, Any]:
        rows = self.backend.read("curation/get_action", {"id": action_id})
        if not rows:
            raise NotFound(f"no curation action {action_id}")
        return _action_public(rows[0]["action"])

    # --- helpers -----------------------------------------------------------------------

    def _live(self, raw: str, role: str) -> str:
        """A researcher that exists now; a merged-away id is a 409 naming its survivor."""
        try:
            return resolve_researcher_id(self.backend, raw)
        except Moved as moved:
            raise Conflict(
                f"the {role} {raw.strip()!r} was merged into {moved.target}; name "
                f"{moved.target} instead"
            ) from None
        except NotFound:
            raise NotFound(f"no researcher {raw.strip()!r} in this graph (the {role})") from None

    def _works(self, works_raw: list[str]) -> list[str]:
        resolved: list[str] = []
        unknown: list[str] = []
        for raw in works_raw:
            try:
                wid = resolve_work_id(self.backend, raw)
            except Moved as moved:
                raise InvalidInput(
                    f"work {raw!r} was merged into {moved.target}; list {moved.target}"
                ) from None
            except NotFound:
                unknown.append(raw)
                continue
            if wid not in resolved:
                resolved.append(wid)
        if unknown:
            raise InvalidInput(f"no such works in this graph: {', '.join(unknown[:20])}")
        return resolved

    def _record(self, rid: str) -> dict[str, Any]:
        rows = self.backend.read("curation/get_record", {"id": rid})
        if not rows:
            raise Conflict(f"{rid} is no longer in the graph (merged meanwhile?); nothing changed")
        row = rows[0]
        return {
            "props": dict(row["props"]),
            "owners": list(row["owners"]),
            "works": sorted(str(w) for w in row["works"]),
        }

    def _action(
        self, user: User, action: str, reason: str, now: int, researchers: list[str]
    ) -> dict[str, Any]:
        return {
            "id": _new_id("cur"),
            "action": action,
            "by_id": user.id,
            "by_handle": user.handle,
            "at": now,
            "reason": reason,
            "researchers": researchers,
        }


def _survivor_props(
    s: dict[str, Any], m: dict[str, Any], now: int
) -> tuple[dict[str, Any], list[str]]:
    """What the survivor keeps of the merged record, and the forms that become aliases.

    Identifier kinds the survivor lacks are taken over; the merged record's name joins
    ``alt_names``; its id joins ``merged_ids``; every form that stood for it (id,
    identifiers, what had been merged into it) becomes an alias, except forms the survivor
    has itself (its own records must keep naming it directly).
    """
    props: dict[str, Any] = {"updated_at": now}
    for key in IDENTIFIER_FIELDS:
        if not s.get(key) and m.get(key):
            props[key] = m[key]
    names = [*(s.get("alt_names") or []), m.get("name"), *(m.get("alt_names") or [])]
    alt = [n for n in dict.fromkeys(names) if n and n != s.get("name")]
    if alt:
        props["alt_names"] = alt
    props["merged_ids"] = list(
        dict.fromkeys([*(s.get("merged_ids") or []), m["id"], *(m.get("merged_ids") or [])])
    )
    own = set(record_forms(s))
    aliases = [f for f in record_forms(m) if f not in own]
    props["merged_identifiers"] = list(
        dict.fromkeys([*(s.get("merged_identifiers") or []), *aliases])
    )
    return props, aliases


def _other(candidate: dict[str, Any], rid: str) -> str:
    return str(candidate["b"] if candidate["a"] == rid else candidate["a"])


def _cursor(cursor: str | None) -> tuple[int | None, str | None]:
    if not cursor:
        return None, None
    at, ident = decode_cursor(cursor, 2)
    if not isinstance(at, int) or not isinstance(ident, str):
        raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
    return at, ident


def _researcher_public(props: dict[str, Any] | None, rid: str) -> dict[str, Any]:
    if not props:
        return {"id": rid, "in_graph": False, "works_count": 0}
    return {
        "id": props["id"],
        "in_graph": True,
        "name": props.get("name"),
        "alt_names": props.get("alt_names") or [],
        "orcid": props.get("orcid"),
        "openalex_id": props.get("openalex_id"),
        "s2_id": props.get("s2_id"),
        "dblp_name": props.get("dblp_name"),
        "merged_ids": props.get("merged_ids") or [],
        "works_count": props.get("works_count") or 0,
    }


def _candidate_public(row: dict[str, Any]) -> dict[str, Any]:
    c = row["candidate"]
    return {
        "id": c["id"],
        "status": c["status"],
        "rule": c.get("rule"),
        "reason": c.get("reason"),
        "name_key": c.get("name_key"),
        "created_at": c.get("created_at"),
        "updated_at": c.get("updated_at"),
        "decided_by": c.get("decided_by"),
        "decided_at": c.get("decided_at"),
        "decision_reason": c.get("decision_reason"),
        "researchers": [
            _researcher_public(row.get("a"), str(c["a"])),
            _researcher_public(row.get("b"), str(c["b"])),
        ],
    }


def _action_public(a: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id", "action", "by_handle", "at", "reason", "researchers", "survivor", "merged",
        "merged_name", "works_moved", "works_shared", "coauthor_changes", "aliases",
        "researcher", "into", "works", "created", "candidate",
    )  # fmt: skip
    out = {k: a.get(k) for k in keys}
    out["by"] = out.pop("by_handle")
    return out
