"""The first index of each subject id of a results file, for its duplicate check, in ~35 bytes a subject.

A `dict[str, int]` costs ~120 bytes a subject (the str object, the int, the dict slot): ~230 MB at 2 million
subjects of 11-character ids, most of what the whole of `record` may use (SeenIds: 65 MB). SeenIds gives the
same answers from three arrays instead of Python objects: the ids once each as UTF-8 in one bytearray, the end
offset of each index's id, and an open-addressing hash table of (32-bit hash, index) slots; an id is compared
exactly whenever its hash matches. engine/sheets/reader.py FirstRows does the same for the codes of a sheet.
"""

from __future__ import annotations

from array import array

_LOW32 = 0xFFFF_FFFF


def _hash(text: str) -> int:
    """The slot hash of an id: never 0, which marks a free slot."""
    return (hash(text) & _LOW32) or 1


class SeenIds:
    """The index where each id was first seen; `first(id, index)` as `d[id] if id in d else d.setdefault(id, index)`
    would answer, for indices given in increasing order.

    Index k's id is `text[ends[k-1]:ends[k]]` (indices skipped or not kept hold an empty id, never looked at). The
    table holds 2 to 8 slots an id (×4 when half full) of 8 bytes: at 2 million ids, 4 M slots, 32 MB."""

    def __init__(self, size: int = 1 << 12):
        if size < 2 or size & (size - 1):
            raise ValueError(f"size must be a power of two ≥ 2, not {size}")
        self.text = bytearray()
        self.ends = array("I")  # 4 bytes an index while the ids fit in 4 GB; "Q" beyond
        self.hashes = array("I", bytes(4 * size))  # 0: a free slot
        self.indices = array("I", bytes(4 * size))
        self.mask = size - 1
        self.room = size // 2
        self.count = 0
        self.hash = _hash  # an attribute, so that tests can force collisions

    def __len__(self) -> int:
        return self.count

    def first(self, text: str, index: int) -> int | None:
        """The index where `text` was first seen, or None: then `index` is remembered as its first index."""
        h = self.hash(text)
        hashes, mask = self.hashes, self.mask
        slot = h & mask
        encoded: bytes | None = None
        while True:
            stored = hashes[slot]
            if stored == 0:
                break
            if stored == h:
                earlier = self.indices[slot]
                if encoded is None:
                    encoded = text.encode("utf-8", "surrogatepass")
                if self._bytes(earlier) == encoded:
                    return earlier
            slot = (slot + 1) & mask
        self._keep(text.encode("utf-8", "surrogatepass") if encoded is None else encoded, index)
        hashes[slot], self.indices[slot] = h, index
        self.count += 1
        self.room -= 1
        if not self.room:
            self._grow()
        return None

    def _bytes(self, index: int) -> bytearray:
        ends = self.ends
        return self.text[ends[index - 1] if index else 0:ends[index]]

    def _keep(self, encoded: bytes, index: int) -> None:
        ends = self.ends
        if index < len(ends):
            raise ValueError(f"index {index} after index {len(ends) - 1}: indices must increase")
        last = ends[-1] if ends else 0
        while len(ends) < index:  # indices skipped (a subject not read, a duplicate) hold an empty id
            ends.append(last)
        self.text += encoded
        try:
            ends.append(len(self.text))
        except OverflowError:
            self.ends = array("Q", ends)
            self.ends.append(len(self.text))

    def _grow(self) -> None:
        size = 4 * (self.mask + 1)
        mask = size - 1
        hashes, indices = array("I", bytes(4 * size)), array("I", bytes(4 * size))
        for h, index in zip(self.hashes, self.indices, strict=True):
            if h:
                slot = h & mask
                while hashes[slot]:
                    slot = (slot + 1) & mask
                hashes[slot], indices[slot] = h, index
        self.hashes, self.indices, self.mask = hashes, indices, mask
        self.room = size // 2 - self.count
