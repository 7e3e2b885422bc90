"""SeenIds, the duplicate check of a results file's subject ids, answers as a plain dict would: the first index of
each id, for ids that collide in the hash table or by hash, Vietnamese ids in either normal form, empty ids and
lone surrogates; and the messages of `recognise record` and the codec are unchanged."""

from __future__ import annotations

import json
import random
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from engine.criteria.catalogue import find
from engine.results.codec import ResultsStream, ResultsUnreadable, read_results
from engine.results.seen_ids import SeenIds
from engine.scoring.run import score_sheet

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _with_dict(ids: list[str], indices: list[int]) -> list[int | None]:
    seen: dict[str, int] = {}
    answers: list[int | None] = []
    for text, index in zip(ids, indices, strict=True):
        answers.append(seen.get(text))
        seen.setdefault(text, index)
    return answers


def _with_table(table: SeenIds, ids: list[str], indices: list[int]) -> list[int | None]:
    return [table.first(text, index) for text, index in zip(ids, indices, strict=True)]


def _ids(n: int, seed: int) -> list[str]:
    """n ids, about one in five a repeat of an earlier one; Vietnamese, ASCII, composed and decomposed."""
    rng = random.Random(seed)
    words = ["Nguyễn", "Trần", "Đặng", "Hồ", "ươn", "Thái Nguyên", "xã", "ĐVHT", "", " ", "🙂", "a\u0301"]
    ids: list[str] = []
    for k in range(n):
        if ids and rng.random() < 0.2:
            ids.append(rng.choice(ids))
        elif rng.random() < 0.5:
            ids.append(f"DV{k:06d}")
        else:
            text = "-".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            ids.append(unicodedata.normalize(rng.choice(["NFC", "NFD"]), text))
    return ids


def _indices(n: int, seed: int) -> list[int]:
    """Increasing, with gaps (subjects not read)."""
    rng = random.Random(seed)
    index, indices = 0, []
    for _ in range(n):
        index += rng.choice([1, 1, 1, 2, 5])
        indices.append(index)
    return indices


@pytest.mark.parametrize("size", [2, 4, 1 << 12])
@pytest.mark.parametrize("hash_of", ["python", "few", "one"])
def test_same_answers_as_a_dict(size, hash_of):
    """Tiny tables (many growths, long probe runs) and hashes forced to collide: every answer is a dict's."""
    n = 20_000 if hash_of == "python" else 1_500
    ids, indices = _ids(n, seed=size), _indices(n, seed=size + 1)
    table = SeenIds(size)
    if hash_of == "few":  # 7 hashes in all: slots and full hashes collide
        table.hash = lambda text: hash(text) % 7 + 1
    elif hash_of == "one":  # every id the same hash: each look-up compares ids one by one
        table.hash = lambda text: 1
    assert _with_table(table, ids, indices) == _with_dict(ids, indices)
    assert len(table) == len(set(ids))


def test_exact_comparison():
    """NFC and NFD spellings are different ids (as they are for a dict), so are ids that differ by case or
    space; the empty id and lone surrogates (JSON "\\ud800") are ids like any other."""
    nfc = "Xã Tân Lập"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    ids = [nfc, nfd, "", "xã tân lập", "Xã Tân Lập ", "\ud800", "\udc00", "\ud800\udc00", "𐀀", nfd, "", nfc,
           "\ud800", "𐀀", "\ud800\udc00"]
    for size in (2, 4096):
        for hash_of in (None, lambda text: 1):
            table = SeenIds(size)
            if hash_of:
                table.hash = hash_of
            indices = list(range(0, 3 * len(ids), 3))
            assert _with_table(table, ids, indices) == _with_dict(ids, indices)
            assert _with_table(table, ids, indices)[9:] == [3, 6, 0, 15, 24, 21]


def test_index_zero_and_large_indices():
    table = SeenIds()
    assert table.first("a", 0) is None
    assert table.first("a", 1) == 0
    assert table.first("b", 3_000_000) is None
    assert table.first("b", 3_000_001) == 3_000_000
    assert table.first("a", 3_000_002) == 0


def test_indices_must_increase():
    table = SeenIds()
    table.first("a", 5)
    with pytest.raises(ValueError, match="must increase"):
        table.first("b", 5)
    assert table.first("a", 6) == 5  # nothing was kept of the refused call
    assert table.first("b", 7) is None


def test_size_is_a_power_of_two():
    with pytest.raises(ValueError):
        SeenIds(3)


def test_much_smaller_than_a_dict():
    """At 100,000 ids the table takes under a third of the dict's memory, under 60 bytes an id even just after a
    growth (~30 at 2 million, with the table half full)."""
    n = 100_000
    ids = [f"DV{k:07d}" for k in range(n)]

    def measured(build) -> int:
        tracemalloc.start()
        kept = build()
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del kept
        return size

    def with_dict() -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, text in enumerate(ids):
            seen.setdefault("".join(text), k)  # a str of its own, as each subject read has
        return seen

    def with_table() -> SeenIds:
        table = SeenIds()
        for k, text in enumerate(ids):
            table.first("".join(text), k)
        return table

    in_dict, in_table = measured(with_dict), measured(with_table)
    assert in_table < 60 * n
    assert in_table * 3 < in_dict


def test_codec_duplicate_messages_unchanged(tmp_path):
    """read_results and ResultsStream (what `record` reads with) name each repeat with its first subject, in
    order, after the subjects that came before it, as the dict did."""
    path = tmp_path / "r.json"
    score_sheet(SAMPLES / "dvht-tt22-minh-hoa.csv", find("dvht-tt22-2020"), [path], year=2023)
    data = json.loads(path.read_text(encoding="utf-8"))
    subjects = data["subjects"]
    first, third = subjects[0]["id"], subjects[2]["id"]
    subjects[3]["id"] = first
    subjects[4]["id"] = 7  # not read: no id kept
    subjects[5]["id"] = third
    subjects[6]["id"] = first
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    expected = [f"{path}: subjects[3].id: trùng mã {first} với subjects[0]",
                f"{path}: subjects[4].id: phải là chuỗi, không phải 7",
                f"{path}: subjects[5].id: trùng mã {third} với subjects[2]",
                f"{path}: subjects[6].id: trùng mã {first} với subjects[0]"]
    with pytest.raises(ResultsUnreadable) as caught:
        read_results(path)
    assert [p for p in caught.value.problems if ".id:" in p] == expected
    read: list[str] = []
    with pytest.raises(ResultsUnreadable) as caught, ResultsStream(path) as stream:
        read.extend(s.id for s in stream.subjects())
    assert [p for p in caught.value.problems if ".id:" in p] == expected
    assert read == [s["id"] for s in subjects[:3]]  # yielded until the first problem
