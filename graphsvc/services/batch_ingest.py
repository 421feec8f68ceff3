"""Batches pushed over HTTP (``POST /works``): a source document in, one answer per record.

A loader running elsewhere sends what its source handed it (an OpenAlex page, a Crossref
response, JSON lines, a BibTeX file, an OAI-PMH or Atom feed, a S2 answer; gzipped or
not) and names the format. The bytes go through the very parser ``graphsvc load`` uses
(``loaders.BYTES_READERS``) and the one ingest pipeline, so a pushed batch and a loaded
file give the same graph, the same statuses and the same metrics.

Limits are checked before anything is written: a request past them (413), or one in which
no record is usable (422), changes nothing. The accepted records are written as one
pipeline batch (one statement, unless the batch names the same work twice), and sending
the same batch again answers ``unchanged`` for every record.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import asdict, dataclass, field

from graphsvc.errors import InvalidInput, NothingIngested, PayloadTooLarge
from graphsvc.records import MergedId, Rejected, WorkRecord
from graphsvc.services.ingest import IngestPipeline
from loaders import BYTES_READERS

log = logging.getLogger(__name__)

ORIGIN = "request"  # origins read "request:3" (line 3 of the body), "request:1[4]", ...
STATUSES = ("created", "updated", "unchanged", "rejected")
_PENDING = "pending"  # a record parsed and waiting for the pipeline's answer


@dataclass(slots=True)
class RecordAnswer:
    """What became of one record of the batch, in the order the body holds them."""

    index: int
    origin: str
    status: str  # created / updated / unchanged / rejected
    work_id: str | None = None
    reason: str | None = None
    authorships_skipped: int = 0


@dataclass
class BatchAnswer:
    format: str
    records: list[RecordAnswer] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {status: sum(r.status == status for r in self.records) for status in STATUSES}

    def as_dict(self) -> dict[str, object]:
        return {
            "format": self.format,
            "counts": self.counts,
            "authorships_skipped": sum(r.authorships_skipped for r in self.records),
            "records": [asdict(r) for r in self.records],
        }


class BatchIngestService:
    """Parses a pushed batch, checks its limits, writes it through the pipeline."""

    def __init__(self, pipeline: IngestPipeline, *, max_records: int, max_bytes: int) -> None:
        self.pipeline = pipeline
        self.max_records = max_records
        self.max_bytes = max_bytes

    def submit(self, fmt: str, body: bytes) -> BatchAnswer:
        """Ingest one batch; 413 past a limit, 422 when nothing in it is usable."""
        if fmt not in BYTES_READERS:
            raise InvalidInput(f"unknown format {fmt!r}; use one of: {', '.join(BYTES_READERS)}")
        data = self._unzipped(body)
        if not data.strip():
            raise InvalidInput(f"the request body is empty; send the {fmt} records to load")
        items = self._parse(fmt, data)
        answer = BatchAnswer(fmt)
        for index, item in enumerate(items):
            if isinstance(item, Rejected):
                answer.records.append(
                    RecordAnswer(index, item.origin, "rejected", reason=item.reason)
                )
            else:
                answer.records.append(
                    RecordAnswer(
                        index, item.origin, _PENDING, authorships_skipped=item.skipped_authorships
                    )
                )
        records = [item for item in items if isinstance(item, WorkRecord)]
        if not records:
            raise NothingIngested(
                f"no record in this request could be read as {fmt}: "
                + _first_reasons(answer.records)
                + "; check ?format= and the body (each record's reason is in 'records')",
                [asdict(r) for r in answer.records],
            )
        outcome = self.pipeline.write_batch(records)
        pending = [r for r in answer.records if r.status == _PENDING]
        for record, status, work_id in zip(
            pending, outcome.statuses, outcome.work_ids, strict=True
        ):
            record.status, record.work_id = status, work_id
        log.info("ingested a %s batch over HTTP: %s", fmt, answer.counts)
        return answer

    def _unzipped(self, body: bytes) -> bytes:
        """The body, gunzipped when it is gzip (``Content-Encoding: gzip`` or a .gz file),
        never past ``max_bytes`` however well it compresses."""
        if len(body) > self.max_bytes:
            raise self._too_large(f"the request body has {len(body)} bytes")
        if body[:2] != b"\x1f\x8b":
            return body
        out = bytearray()
        rest = body
        try:
            while rest[:2] == b"\x1f\x8b":  # gzip members may be concatenated
                unzip = zlib.decompressobj(wbits=31)
                out += unzip.decompress(rest, self.max_bytes + 1 - len(out))
                if len(out) > self.max_bytes or unzip.unconsumed_tail:
                    raise self._too_large(f"the body unzips to more than {self.max_bytes} bytes")
                if not unzip.eof:
                    raise InvalidInput("the gzip body is truncated; send the whole file")
                rest = unzip.unused_data
        except zlib.error as exc:
            raise InvalidInput(f"the body starts like gzip but is not valid gzip: {exc}") from None
        return bytes(out)

    def _parse(self, fmt: str, data: bytes) -> list[WorkRecord | Rejected]:
        items: list[WorkRecord | Rejected] = []
        for item in BYTES_READERS[fmt](data, ORIGIN):
            if isinstance(item, MergedId):  # only snapshot directories hold merged ids
                continue
            items.append(item)
            if len(items) > self.max_records:
                raise PayloadTooLarge(
                    f"this request holds more than {self.max_records} records (the limit, "
                    "GRAPHSVC_INGEST_REQUEST_MAX_RECORDS); split it into requests of at most "
                    f"{self.max_records} records"
                )
        return items

    def _too_large(self, what: str) -> PayloadTooLarge:
        return PayloadTooLarge(
            f"{what}; the limit is {self.max_bytes} bytes (GRAPHSVC_INGEST_REQUEST_MAX_BYTES): "
            "split the batch into smaller requests"
        )


def _first_reasons(records: list[RecordAnswer], shown: int = 3) -> str:
    if not records:
        return "the body holds no records"
    reasons = "; ".join(f"{r.origin}: {r.reason}" for r in records[:shown])
    more = len(records) - shown
    return reasons + (f" (and {more} more)" if more > 0 else "")
