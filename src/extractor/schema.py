"""Generated schema files in `schemas/`: the JSON Schemas of the records (from the Pydantic
models) and the SQL that creates the database tables per dialect (from the SQLAlchemy metadata)."""

from __future__ import annotations

import json
from pathlib import Path

from .records import SCHEMA_MODELS


def schema_files() -> dict[str, str]:
    """File name -> content of every generated schema file."""
    from .db import DIALECTS, ddl

    files = {}
    for name, model in SCHEMA_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        files[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    for dialect in DIALECTS:
        files[f"{dialect}.sql"] = ddl(dialect)
    return files


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in schema_files().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in `folder` that differ from what the code generates."""
    return [name for name, content in schema_files().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != content]
