"""What the wiki's build, tools and tests share: one home for each of their rules."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
