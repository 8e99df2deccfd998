"""Every interchange, functional group and transaction set of a file, and their control numbers.

Built from the envelope segments :func:`~golive.x12.layout.scan` found (ISA/IEA,
GS/GE, ST/SE), so a file of several interchanges is read whole. :func:`problems`
checks what X12 005010 demands of the envelopes, each at the segment that is
wrong: a trailer's control number equals its header's (IEA02 = ISA13, GE02 =
GS06, SE02 = ST02), a trailer's count is right (IEA01 groups, GE01 transaction
sets, SE01 segments from ST to SE), and a transaction set's ST03, where given,
names the guide of its group's GS08. The ids are as X12 writes them: ISA06
and ISA08 left-justified and filled with spaces, GS02 and GS03 without spaces
around them (a partner compares them character for character).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from golive.x12.layout import Layout, Note


@dataclass(frozen=True)
class Header:
    """An envelope segment: its number in the file and its elements (element 1 at index 1)."""

    segment: int
    elements: tuple[str, ...]

    def get(self, element: int) -> str:
        return self.elements[element].strip() if element < len(self.elements) else ""


@dataclass
class TransactionSet:
    """ST .. SE: ST01 the transaction (``837``), its guide (GS08 of its group), ST02 its control number."""

    st: Header
    guide: str
    se: Header | None = None

    @property
    def id(self) -> str:
        return self.st.get(1)


@dataclass
class Group:
    """GS .. GE: GS02 sender and GS03 receiver codes, GS08 the guide."""

    gs: Header
    sets: list[TransactionSet] = field(default_factory=list)
    ge: Header | None = None


@dataclass
class Interchange:
    """ISA .. IEA: sender ISA05/06, receiver ISA07/08, ISA13 control number, ISA15 usage."""

    isa: Header
    groups: list[Group] = field(default_factory=list)
    iea: Header | None = None

    @property
    def sender(self) -> tuple[str, str]:
        return self.isa.get(5), self.isa.get(6)

    @property
    def receiver(self) -> tuple[str, str]:
        return self.isa.get(7), self.isa.get(8)


def interchanges(layout: Layout) -> list[Interchange]:
    """The interchanges of the file, in order, with their groups and transaction sets."""
    out: list[Interchange] = []
    for number, elements in layout.envelope:
        seg, h = elements[0], Header(number, elements)
        last = out[-1] if out else None
        group = last.groups[-1] if last and last.groups else None
        if seg == "ISA":
            out.append(Interchange(h))
        elif seg == "IEA" and last:
            last.iea = h
        elif seg == "GS" and last:
            last.groups.append(Group(h))
        elif seg == "GE" and group:
            group.ge = h
        elif seg == "ST" and group:
            group.sets.append(TransactionSet(h, group.gs.get(8)))
        elif seg == "SE" and group and group.sets:
            group.sets[-1].se = h
    return out


def problems(layout: Layout) -> Iterator[Note]:
    """What is wrong with the envelopes' control numbers, counts and ST03, at the segment concerned."""
    for ic in interchanges(layout):
        yield from _padded(ic)
        if ic.iea is not None:
            yield from _trailer(ic.iea, "IEA", ic.isa, 13, "ISA13", len(ic.groups), "functional groups")
        for group in ic.groups:
            if group.ge is not None:
                yield from _trailer(group.ge, "GE", group.gs, 6, "GS06", len(group.sets),
                                    "transaction sets")
            for ts in group.sets:
                st03 = ts.st.get(3)
                if st03 and st03 != ts.guide:
                    yield Note(ts.st.segment, f"ST03 is {st03!r} but GS08 of its group is "
                               f"{ts.guide!r}; a transaction set names the guide of its group")
                if ts.se is not None:
                    count = ts.se.segment - ts.st.segment + 1
                    yield from _trailer(ts.se, "SE", ts.st, 2, "ST02", count, "segments from ST to SE")


def _trailer(trailer: Header, name: str, header: Header, element: int, code: str,
             count: int, what: str) -> Iterator[Note]:
    if trailer.get(2) != header.get(element):
        yield Note(trailer.segment, f"{name}02 is {trailer.get(2)!r} but {code} of its header is "
                   f"{header.get(element)!r}; a trailer repeats its header's control number")
    if trailer.get(1) != str(count):
        yield Note(trailer.segment, f"{name}01 is {trailer.get(1)!r} but the count of {what} is {count}; "
                   f"{name}01 counts them")


_IDS = (("ISA", 6, "interchange sender id"), ("ISA", 8, "interchange receiver id"),
        ("GS", 2, "application sender's code"), ("GS", 3, "application receiver's code"))


def _padded(ic: Interchange) -> Iterator[Note]:
    """ISA06/ISA08 with leading spaces, GS02/GS03 with spaces around them: another id to a partner."""
    for header in [ic.isa, *(g.gs for g in ic.groups)]:
        seg = header.elements[0]
        for name, element, what in _IDS:
            if name != seg or element >= len(header.elements):
                continue
            value = header.elements[element]
            bare = value.strip()
            if not bare:
                continue  # an empty id is pyx12's finding
            if seg == "ISA" and value != value.lstrip():
                yield Note(header.segment, f"ISA{element:02} ({what}) is {value!r}, with leading spaces: "
                           "it is left-justified and filled with spaces to 15 characters, and a "
                           f"trading partner reads it as another id; write {bare.ljust(15)!r}")
            elif seg == "GS" and value != bare:
                yield Note(header.segment, f"GS{element:02} ({what}) is {value!r}, with spaces around "
                           "the id: a trading partner compares it character for character and "
                           f"reads another id; write {bare!r}")
