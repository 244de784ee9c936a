"""GraphiQL served entirely by this app: strawberry's page, loading its scripts from here instead of a CDN."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from litestar import Router
from litestar.static_files import create_static_files_router

ASSETS_PATH = "/graphiql-assets"
_HERE = Path(__file__).parent


@cache
def page() -> str:
    return (_HERE / "graphiql.html").read_text(encoding="utf-8").replace("{{assets}}", ASSETS_PATH)


def assets_router() -> Router:
    return create_static_files_router(path=ASSETS_PATH, directories=[_HERE / "static" / "graphiql"], name="graphiql")


class LocalGraphiQL:
    """Put before strawberry's controller in the bases: its GET page then comes from `page()`.

    The page posts to its own URL (strawberry's script does that), so one page serves both endpoints.
    """

    @property
    def graphql_ide_html(self) -> str:
        return page()
