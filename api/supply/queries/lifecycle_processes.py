"""An account's lifecycle processes (`lifecycleProcesses(accountNumber, onlyActive)`): its join
supplier, occupy property and leave property processes, each a connection, the newest first, from
the lifecycle processes read model. A user sees their own accounts' processes only (KT-CT-1111).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.scalars import local_midnight
from api.shared.connections import Connection, window_of
from api.supply.types import (
    JoinSupplierProcessType,
    LeavePropertyProcessType,
    LeaveSupplierProcessStatus,
    OccupyPropertyProcessType,
)
from domain.supply.lifecycle_process import LifecycleProcess, ProcessKind

PROCESSES = "lifecycle-processes"
C = TypeVar("C", bound=Connection)


def process_row(process: LifecycleProcess) -> dict[str, Any]:
    """A process aggregate as the read model's row (what a mutation answers of the process it changed)."""
    return {
        "number": process.number,
        "kind": process.kind.value,
        "status": process.status.value,
        "effective_on": process.effective_on,
        "started_at": process.started_at,
        "finished_at": process.finished_at,
        "terms_version": process.terms_version,
        "terms_accepted_at": process.terms_accepted_at,
    }


def join_supplier_process(row: dict[str, Any]) -> JoinSupplierProcessType:
    return JoinSupplierProcessType(
        id=strawberry.ID(row["number"]),
        status=LeaveSupplierProcessStatus(row["status"]),
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        terms_version=row["terms_version"],
        terms_accepted_at=row["terms_accepted_at"],
    )


def occupy_property_process(row: dict[str, Any]) -> OccupyPropertyProcessType:
    # An occupy property process always has its day.
    occupy_at = local_midnight(row["effective_on"])
    return OccupyPropertyProcessType(
        id=strawberry.ID(row["number"]),
        status=LeaveSupplierProcessStatus(row["status"]),
        occupy_at=occupy_at,
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def leave_property_process(row: dict[str, Any]) -> LeavePropertyProcessType:
    return LeavePropertyProcessType(
        id=strawberry.ID(row["number"]),
        status=LeaveSupplierProcessStatus(row["status"]),
        leave_at=local_midnight(row["effective_on"]) if row["effective_on"] is not None else None,
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


@strawberry.type(name="JoinSupplierProcessConnectionTypeEdge")
class JoinSupplierProcessEdge:
    node: JoinSupplierProcessType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="JoinSupplierProcessConnectionTypeConnection")
class JoinSupplierProcessConnection(Connection):
    edges: list[JoinSupplierProcessEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type(name="OccupyPropertyProcessConnectionTypeEdge")
class OccupyPropertyProcessEdge:
    node: OccupyPropertyProcessType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="OccupyPropertyProcessConnectionTypeConnection")
class OccupyPropertyProcessConnection(Connection):
    edges: list[OccupyPropertyProcessEdge | None] = strawberry.field(
        description="Contains the nodes in this connection."
    )


@strawberry.type(name="LeavePropertyProcessConnectionTypeEdge")
class LeavePropertyProcessEdge:
    node: LeavePropertyProcessType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="LeavePropertyProcessConnectionTypeConnection")
class LeavePropertyProcessConnection(Connection):
    edges: list[LeavePropertyProcessEdge | None] = strawberry.field(
        description="Contains the nodes in this connection."
    )


async def _paged(
    info: strawberry.Info,
    lifecycle: LifecycleProcessesType,
    kind: ProcessKind,
    connection: type[C],
    node: Callable[[dict[str, Any]], Any],
    edge: Callable[..., Any],
    page_args: tuple[str | None, str | None, int | None, int | None],
) -> C:
    before, after, first, last = page_args
    listing = f"{PROCESSES}-{kind.value.lower()}"
    window = window_of(listing, (str, str), info.context.settings.max_page_size, first, after, last, before)
    view = info.context.contexts.read.lifecycle_processes
    only_active = lifecycle.only_active
    page = await info.context.loader(view.pages, kind.value, only_active, window).load(lifecycle.account_number)

    async def counted() -> int:
        return int(await info.context.loader(view.counts, kind.value, only_active).load(lifecycle.account_number))

    return connection.paged(listing, page, node, edge, counted)


@strawberry.type(description="The lifecycle processes of an account.")
class LifecycleProcessesType:
    account_number: strawberry.Private[str]
    only_active: strawberry.Private[bool]

    @strawberry.field(description="List of JoinSupplierProcess for an account.")
    async def join_supplier_processes(
        self,
        info: strawberry.Info[RequestContext, None],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> JoinSupplierProcessConnection | None:
        return await _paged(
            info,
            self,
            ProcessKind.JOIN_SUPPLIER,
            JoinSupplierProcessConnection,
            join_supplier_process,
            JoinSupplierProcessEdge,
            (before, after, first, last),
        )

    @strawberry.field(description="List of OccupyPropertyProcess for an account.")
    async def occupy_property_processes(
        self,
        info: strawberry.Info[RequestContext, None],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> OccupyPropertyProcessConnection | None:
        return await _paged(
            info,
            self,
            ProcessKind.OCCUPY_PROPERTY,
            OccupyPropertyProcessConnection,
            occupy_property_process,
            OccupyPropertyProcessEdge,
            (before, after, first, last),
        )

    @strawberry.field(description="List of LeavePropertyProcess for an account.")
    async def leave_property_processes(
        self,
        info: strawberry.Info[RequestContext, None],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> LeavePropertyProcessConnection | None:
        return await _paged(
            info,
            self,
            ProcessKind.LEAVE_PROPERTY,
            LeavePropertyProcessConnection,
            leave_property_process,
            LeavePropertyProcessEdge,
            (before, after, first, last),
        )


@strawberry.type
class LifecycleProcessesQueries:
    @strawberry.field(description="Get lifecycle processes of an account.")
    async def lifecycle_processes(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: Annotated[str, strawberry.argument(description="The account number, e.g. A-12345678.")],
        only_active: Annotated[
            bool | None, strawberry.argument(description="A flag to filter out only active/current processes.")
        ] = None,
    ) -> LifecycleProcessesType | None:
        # An organisation may read any account's processes, a user only their own accounts'.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        return LifecycleProcessesType(account_number=number, only_active=bool(only_active))
