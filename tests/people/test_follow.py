"""Follow is idempotent and counted on the profile; the feed shows works added since the
last look by followed researchers, newest first, paged, on real OpenAlex records."""

from __future__ import annotations

from tests.conftest import load_paths
from tests.people.conftest import Split, World


def test_following_twice_keeps_one_follow_and_its_first_date(world: World) -> None:
    rid = world.fresh_researcher()
    first = world.call("POST", f"/researchers/{rid}/follow", "user").json()
    second = world.call("POST", f"/researchers/{rid}/follow", "user").json()
    assert first["followers_count"] == second["followers_count"] == 1
    assert first["since"] == second["since"]
    assert world.call("GET", f"/researchers/{rid}", None).json()["followers_count"] == 1


def test_followers_count_moves_with_each_follower_and_unfollow_is_idempotent(
    world: World,
) -> None:
    rid = world.fresh_researcher()

    def count() -> int:
        return int(world.call("GET", f"/researchers/{rid}", None).json()["followers_count"])

    assert count() == 0
    world.call("POST", f"/researchers/{rid}/follow", "user")
    world.call("POST", f"/researchers/{rid}/follow", "analyst")
    assert count() == 2
    for _ in range(2):
        res = world.call("DELETE", f"/researchers/{rid}/follow", "user").json()
        assert (res["following"], res["followers_count"]) == (False, 1)
    assert count() == 1


def test_my_following_lists_the_most_recent_first_and_pages(world: World) -> None:
    followed = [world.fresh_researcher() for _ in range(3)]
    for rid in followed:
        world.call("POST", f"/researchers/{rid}/follow", "loader")
    seen: list[str] = []
    cursor = None
    while True:
        query = "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = world.call("GET", f"/me/following{query}", "loader").json()
        seen += [r["id"] for r in page["data"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert set(seen) == set(followed) and len(seen) == 3
    sinces = [r["since"] for r in world.call("GET", "/me/following", "loader").json()["data"]]
    assert sinces == sorted(sinces, reverse=True)


def test_follow_answers_404_for_unknown_and_422_for_malformed_ids(world: World) -> None:
    assert world.call("POST", "/researchers/A1/follow", "user").status_code == 404
    assert world.call("POST", "/researchers/not-an-id/follow", "user").status_code == 422


def test_follow_accepts_an_orcid_and_the_profile_routes_still_answer(world: World) -> None:
    rid = world.fresh_researcher()
    while not (orcid := world.call("GET", f"/researchers/{rid}", None).json()["orcid"]):
        rid = world.fresh_researcher()
    res = world.call("POST", f"/researchers/{orcid}/follow", "user")
    assert res.status_code == 200 and res.json()["researcher_id"] == rid
    assert world.call("GET", f"/researchers/{rid}/works", None).status_code == 200
    assert world.call("GET", f"/researchers/{rid}/trust", None).json()["researcher_id"] == rid
    status = world.call("GET", f"/researchers/{rid}/follow", "user").json()
    assert (status["following"], status["researcher_id"]) == (True, rid)
    world.call("DELETE", f"/researchers/{orcid}/follow", "user")
    status = world.call("GET", f"/researchers/{rid}/follow", "user").json()
    assert (status["following"], status["since"]) == (False, None)


# --- the feed: the sample loaded in two parts, so that works really arrive later ---------


def _walk_feed(world: World, who: str, limit: int) -> tuple[list[dict], list[int | None]]:
    items: list[dict] = []
    sinces: list[int | None] = []
    cursor = None
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        page = world.call("GET", f"/me/feed{query}", who).json()
        items += page["data"]
        sinces.append(page["since"])
        cursor = page["next_cursor"]
        if not cursor:
            return items, sinces


def test_the_feed_shows_works_added_after_following_newest_first_once(split: Split) -> None:
    w = split.world
    w.call("POST", f"/researchers/{split.busiest}/follow", "user")
    assert len(split.later) >= 2
    assert w.call("GET", "/me/feed", "user").json()["data"] == []  # nothing new yet
    load_paths(w.backend, w.settings, [split.later_path])
    items, sinces = _walk_feed(w, "user", limit=1)
    assert sorted(i["id"] for i in items) == sorted(split.later)
    keys = [(i["added_at"], i["id"]) for i in items]
    assert keys == sorted(keys, reverse=True)
    assert all(split.busiest in [a["id"] for a in i["followed_authors"]] for i in items)
    assert len(set(sinces)) == 1  # every page of one look counts from the same mark
    assert w.call("GET", "/me/feed", "user").json()["data"] == []  # seen now


def test_peeking_does_not_move_the_mark_and_non_followers_see_nothing(split: Split) -> None:
    w = split.world
    w.call("POST", f"/researchers/{split.busiest}/follow", "user")
    load_paths(w.backend, w.settings, [split.later_path])
    peek = w.call("GET", "/me/feed?mark_seen=false", "user").json()["data"]
    again = w.call("GET", "/me/feed", "user").json()["data"]
    assert [i["id"] for i in peek] == [i["id"] for i in again] and len(peek) == len(split.later)
    assert w.call("GET", "/me/feed", "analyst").json()["data"] == []


def test_works_loaded_before_the_follow_are_not_news(split: Split) -> None:
    w = split.world
    load_paths(w.backend, w.settings, [split.later_path])
    w.call("POST", f"/researchers/{split.busiest}/follow", "user")
    assert w.call("GET", "/me/feed", "user").json()["data"] == []


def test_a_damaged_feed_cursor_is_a_422(world: World) -> None:
    res = world.call("GET", "/me/feed?cursor=abc", "user")
    assert res.status_code == 422 and "cursor" in res.json()["detail"]
