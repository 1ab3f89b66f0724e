"""Type stubs for Dyad's native module (Rust, built by maturin)."""

from typing import Optional

__version__: str

class Coder:
    def __init__(
        self,
        *,
        kb_overlay: Optional[str] = None,
        syntax_model: Optional[str] = None,
        keep_unasserted: bool = False,
    ) -> None: ...
    def code_jsonl(self, jsonl: str, default_date: Optional[str] = None, origin: str = "<python>") -> str: ...

def merge_parquet(coded_json: str, day_window: int = 1) -> tuple[bytes, list[int]]: ...
def read_db_parquet(path: str) -> bytes: ...
def parquet_columns() -> list[tuple[str, str, bool, str]]: ...
def merge_keys(events_json: str) -> list[tuple[str, str, str, str, str, Optional[str]]]: ...
