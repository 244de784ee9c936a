"""The committed SDL of both servers, and how it is exported from the code.

`api/schema.graphql` is the API server's schema. `api/auth_schema.graphql` holds what the auth
server adds to it: `extend type Mutation { ... }` and the types only it uses. Read together they
are the whole contract (the Query type and shared types are the same on both servers).
"""

from __future__ import annotations

from pathlib import Path

from graphql import print_type
from graphql.type import is_introspection_type, is_specified_scalar_type

from api.schema import api_schema, auth_schema
from settings import Settings

HERE = Path(__file__).parent
API_SDL = HERE / "schema.graphql"
AUTH_SDL = HERE / "auth_schema.graphql"


def render() -> dict[Path, str]:
    settings = Settings()
    api = api_schema(settings)
    auth = auth_schema(settings)._schema
    known = set(api._schema.type_map)
    extension = [
        print_type(kind)
        for name, kind in sorted(auth.type_map.items())
        if name not in known and not is_introspection_type(kind) and not is_specified_scalar_type(kind)
    ]
    assert auth.mutation_type is not None
    extension.append("extend " + print_type(auth.mutation_type))
    return {API_SDL: api.as_str() + "\n", AUTH_SDL: "\n\n".join(extension) + "\n"}


def export() -> list[Path]:
    written = []
    for path, text in render().items():
        path.write_text(text)
        written.append(path)
    return written
