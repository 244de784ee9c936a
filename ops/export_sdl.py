"""Write the servers' SDL (api/schema.graphql, api/auth_schema.graphql) from the code."""

from __future__ import annotations

from api.sdl import export

if __name__ == "__main__":
    for path in export():
        print(f"wrote {path}")
